package sqlite

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"runtime"
)

// maxBatch bounds the writes committed together.
const maxBatch = 256

// A write is one caller's statements, run inside a shared transaction.
type write struct {
	ctx  context.Context
	fn   func(ctx context.Context, tx *sql.Tx) error
	done chan error
}

// write runs fn in a transaction and returns once it is committed (or
// failed). Writes that arrive while a commit is under way are committed
// together in the next one, each inside a savepoint of its own, so one
// failing write undoes only itself: with synchronous=FULL every commit
// waits for the disk (about 5 ms here), and a turn makes three to five of
// them, so committing one at a time capped the whole server at a few dozen
// turns a second. Each caller still returns only after its data is
// durable.
//
// fn runs on the writer's goroutine with ctx stripped of cancellation: an
// interrupted statement would roll back the whole shared transaction.
func (s *Store) write(ctx context.Context, fn func(ctx context.Context, tx *sql.Tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	w := &write{ctx: context.WithoutCancel(ctx), fn: fn, done: make(chan error, 1)}
	s.wmu.Lock()
	s.pending = append(s.pending, w)
	start := !s.writing
	s.writing = true
	s.wmu.Unlock()
	if start {
		go s.writeBatches()
	}
	return <-w.done
}

// writeBatches commits what is pending until nothing is.
func (s *Store) writeBatches() {
	for {
		s.wmu.Lock()
		n := min(len(s.pending), maxBatch)
		batch := s.pending[:n:n]
		s.pending = s.pending[n:]
		if n == 0 {
			s.pending = nil
			s.writing = false
			s.wmu.Unlock()
			return
		}
		s.wmu.Unlock()
		s.commit(batch)
	}
}

func (s *Store) commit(batch []*write) {
	errs := make([]error, len(batch))
	err := s.inTx(func(tx *sql.Tx) error {
		if len(batch) == 1 {
			errs[0] = batch[0].fn(batch[0].ctx, tx)
			return errs[0] // nothing else to keep: roll back
		}
		ctx := context.Background()
		for i, w := range batch {
			if _, err := s.exec(ctx, tx, "SAVEPOINT w"); err != nil {
				return err
			}
			if errs[i] = w.fn(w.ctx, tx); errs[i] != nil {
				if _, err := s.exec(ctx, tx, "ROLLBACK TO w"); err != nil {
					return err
				}
			}
			if _, err := s.exec(ctx, tx, "RELEASE w"); err != nil {
				return err
			}
			// A batch of a few hundred writes keeps a core busy for
			// milliseconds; between writes, let the goroutines waiting
			// to forward a streamed chunk run first.
			runtime.Gosched()
		}
		return nil
	})
	for i, w := range batch {
		if errs[i] == nil && err != nil {
			errs[i] = fmt.Errorf("commit: %w", err)
		}
		w.done <- errs[i]
	}
}

// inTx runs fn in a transaction, committing when it returns nil.
func (s *Store) inTx(fn func(tx *sql.Tx) error) error {
	s.wcmu.Lock()
	defer s.wcmu.Unlock()
	tx, err := s.beginWrite(context.Background())
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	return tx.Commit()
}

// beginWrite begins a transaction on the writer's connection, taking a
// connection from the pool the first time and again after one broke.
// Only the writer goroutine calls it, with s.wcmu held.
func (s *Store) beginWrite(ctx context.Context) (*sql.Tx, error) {
	for attempt := 0; ; attempt++ {
		if s.wconn == nil {
			c, err := s.db.Conn(ctx)
			if err != nil {
				return nil, err
			}
			s.wconn = c
		}
		tx, err := s.wconn.BeginTx(ctx, nil)
		if err == nil || attempt > 0 || !errors.Is(err, driver.ErrBadConn) && !errors.Is(err, sql.ErrConnDone) {
			return tx, err
		}
		s.dropWriter()
	}
}

// dropWriter closes the writer's connection.
func (s *Store) dropWriter() {
	if s.wconn != nil {
		s.wconn.Close()
		s.wconn = nil
	}
}

// ExecOnWriter runs query on the connection every write goes through, in
// a transaction of its own: for settings SQLite keeps per connection, such
// as max_page_count, in maintenance and tests.
func (s *Store) ExecOnWriter(ctx context.Context, query string) error {
	return s.write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, query)
		return err
	})
}
