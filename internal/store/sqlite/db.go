package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

//go:embed migrations/*.sql
var migrations embed.FS

// Store is a chat.Store backed by one SQLite file.
type Store struct {
	db *sql.DB
	// Writes go through one writer goroutine at a time (batch.go):
	// writers that met in SQLite waited in its busy handler, which sleeps
	// and polls (1 ms rising to 100 ms). Readers read beside it (WAL).
	wmu     sync.Mutex
	pending []*write // writes waiting for the next commit
	writing bool     // a writer goroutine is committing

	stmts stmtCache // prepared once (stmt.go)
	// The writer's own connection; wcmu is held while a transaction runs
	// on it, and by Close.
	wcmu  sync.Mutex
	wconn *sql.Conn
}

// pragmas are applied by the driver to every new pooled connection;
// synchronous is per connection, so setting it once would not do.
var pragmas = []string{
	"journal_mode(WAL)",
	"synchronous(FULL)",
	"busy_timeout(10000)",
	"foreign_keys(1)",
}

// Open opens (creating if needed) the database file at path and brings its
// schema up to date.
func Open(ctx context.Context, path string) (*Store, error) {
	q := url.Values{}
	for _, p := range pragmas {
		q.Add("_pragma", p)
	}
	// Writers take the lock when the transaction begins, so two writers
	// queue on busy_timeout instead of failing on a lock upgrade.
	q.Set("_txlock", "immediate")
	db, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	db.SetMaxOpenConns(4)
	db.SetMaxIdleConns(4)
	s := &Store{db: db}
	if err := s.check(ctx, path); err != nil {
		db.Close()
		return nil, err
	}
	if err := s.migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// check runs SQLite's quick_check, which reads every page once: a
// damaged file is refused at start rather than read as missing data
// later.
func (s *Store) check(ctx context.Context, path string) error {
	rows, err := s.db.QueryContext(ctx, "PRAGMA quick_check(5)")
	if err != nil {
		if isDamage(err) {
			return damaged(path, err.Error())
		}
		return fail("check database "+path, err)
	}
	defer rows.Close()
	var found []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return fail("check database "+path, err)
		}
		found = append(found, line)
	}
	if err := rows.Err(); err != nil {
		if isDamage(err) {
			return damaged(path, err.Error())
		}
		return fail("check database "+path, err)
	}
	if len(found) != 1 || found[0] != "ok" {
		return damaged(path, "quick_check: "+strings.Join(found, "; "))
	}
	return nil
}

// Close closes the database.
func (s *Store) Close() error {
	s.wcmu.Lock()
	s.dropWriter()
	s.wcmu.Unlock()
	s.stmts.close()
	return s.db.Close()
}

// DB exposes the handle for tests and maintenance (integrity checks).
func (s *Store) DB() *sql.DB { return s.db }

// migrate applies, in order and each in its own transaction, the embedded
// migrations newer than the database's user_version.
func (s *Store) migrate(ctx context.Context) error {
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	var version int
	if err := s.db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	for _, name := range names {
		n, err := strconv.Atoi(strings.SplitN(strings.TrimPrefix(name, "migrations/"), "_", 2)[0])
		if err != nil {
			return fmt.Errorf("migration %s: bad name", name)
		}
		if n <= version {
			continue
		}
		body, err := migrations.ReadFile(name)
		if err != nil {
			return err
		}
		tx, err := s.db.BeginTx(ctx, nil)
		if err != nil {
			return fmt.Errorf("migration %s: %w", name, err)
		}
		if _, err := tx.ExecContext(ctx, string(body)); err != nil {
			tx.Rollback()
			return fmt.Errorf("migration %s: %w", name, err)
		}
		if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", n)); err != nil {
			tx.Rollback()
			return fmt.Errorf("migration %s: %w", name, err)
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("migration %s: %w", name, err)
		}
	}
	return nil
}
