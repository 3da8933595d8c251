package sqlite

import (
	"context"
	"database/sql"
	"sync"
)

// Statements are prepared once and kept: SQLite parses and plans a
// statement's text on every prepare, and for the store's small queries
// that cost three times running them (15 % of the server's CPU under a
// load of short turns). They are statements of the pool, which
// database/sql prepares on each connection as it is first used there
// and keeps; the writer goroutine runs its transactions on a connection
// of its own (beginWrite, batch.go), so its statements are found
// prepared on it.
// (A statement of a single sql.Conn would not do: Tx.StmtContext
// prepares those again for every transaction.)

// maxStatements bounds each cache. Every statement text is a constant of
// this package, so it is never reached; past it, statements are prepared
// for one use as before.
const maxStatements = 128

type stmtCache struct {
	mu sync.Mutex
	m  map[string]*sql.Stmt
}

// get returns the statement for query, preparing it with prepare the
// first time; nil and no error when the cache is full.
func (c *stmtCache) get(ctx context.Context, query string, prepare func(context.Context, string) (*sql.Stmt, error)) (*sql.Stmt, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if st := c.m[query]; st != nil {
		return st, nil
	}
	if len(c.m) >= maxStatements {
		return nil, nil
	}
	st, err := prepare(ctx, query)
	if err != nil {
		return nil, err
	}
	if c.m == nil {
		c.m = map[string]*sql.Stmt{}
	}
	c.m[query] = st
	return st, nil
}

// close closes every statement and empties the cache.
func (c *stmtCache) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, st := range c.m {
		st.Close()
	}
	c.m = nil
}

// queryRow is db.QueryRowContext with the statement prepared once.
func (s *Store) queryRow(ctx context.Context, query string, args ...any) *sql.Row {
	st, err := s.stmts.get(ctx, query, s.db.PrepareContext)
	if err != nil || st == nil {
		return s.db.QueryRowContext(ctx, query, args...) // reports the error, or runs unprepared
	}
	return st.QueryRowContext(ctx, args...)
}

// query is db.QueryContext with the statement prepared once.
func (s *Store) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	st, err := s.stmts.get(ctx, query, s.db.PrepareContext)
	if err != nil || st == nil {
		return s.db.QueryContext(ctx, query, args...)
	}
	return st.QueryContext(ctx, args...)
}

// writeStmt returns query's kept statement bound to tx, a transaction of
// s.write, where the writer's connection has it prepared after the first
// use; nil when the cache is full.
func (s *Store) writeStmt(ctx context.Context, tx *sql.Tx, query string) *sql.Stmt {
	st, err := s.stmts.get(ctx, query, s.db.PrepareContext)
	if err != nil || st == nil {
		return nil
	}
	return tx.StmtContext(ctx, st)
}

// exec runs a statement inside a transaction of s.write.
func (s *Store) exec(ctx context.Context, tx *sql.Tx, query string, args ...any) (sql.Result, error) {
	if st := s.writeStmt(ctx, tx, query); st != nil {
		return st.ExecContext(ctx, args...)
	}
	return tx.ExecContext(ctx, query, args...)
}

// queryRowTx runs a query inside a transaction of s.write.
func (s *Store) queryRowTx(ctx context.Context, tx *sql.Tx, query string, args ...any) *sql.Row {
	if st := s.writeStmt(ctx, tx, query); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return tx.QueryRowContext(ctx, query, args...)
}
