package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/specwright/specwright/internal/chat"
)

var _ chat.HistoryStore = (*Store)(nil)

// AddVersion stores v as the project's next version, numbering it in the
// same transaction so two writers cannot take one number.
func (s *Store) AddVersion(ctx context.Context, v chat.Version) (chat.Version, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return v, fmt.Errorf("add version: %w", err)
	}
	defer tx.Rollback()
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(number), 0) + 1 FROM versions WHERE project = ?`, v.Project).Scan(&v.Number); err != nil {
		return v, fmt.Errorf("add version: %w", err)
	}
	t := now()
	v.Created = parseTime(t)
	if _, err := tx.ExecContext(ctx, `INSERT INTO versions(project, number, created_at, session_id, seq, restored_from,
		hash, feature_count, features, score, app_spec, initializer) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		v.Project, v.Number, t, v.SessionID, v.Seq, v.RestoredFrom, v.Hash, v.FeatureCount, v.Features, v.Score,
		v.AppSpec, v.Initializer); err != nil {
		return v, fmt.Errorf("add version: %w", err)
	}
	return v, tx.Commit()
}

const versionColumns = `project, number, created_at, session_id, seq, restored_from, hash, feature_count, features, score`

func scanVersion(r scanner, withFiles bool) (chat.Version, error) {
	var v chat.Version
	var created string
	dest := []any{&v.Project, &v.Number, &created, &v.SessionID, &v.Seq, &v.RestoredFrom, &v.Hash, &v.FeatureCount, &v.Features, &v.Score}
	if withFiles {
		dest = append(dest, &v.AppSpec, &v.Initializer)
	}
	err := r.Scan(dest...)
	v.Created = parseTime(created)
	return v, err
}

// Versions lists the project's versions, oldest first.
func (s *Store) Versions(ctx context.Context, project string, withFiles bool) ([]chat.Version, error) {
	cols := versionColumns
	if withFiles {
		cols += ", app_spec, initializer"
	}
	rows, err := s.query(ctx, `SELECT `+cols+` FROM versions WHERE project = ? ORDER BY number`, project)
	if err != nil {
		return nil, fmt.Errorf("list versions: %w", err)
	}
	defer rows.Close()
	out := []chat.Version{}
	for rows.Next() {
		v, err := scanVersion(rows, withFiles)
		if err != nil {
			return nil, fmt.Errorf("list versions: %w", err)
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// GetVersion returns version n of the project with its files.
func (s *Store) GetVersion(ctx context.Context, project string, n int) (chat.Version, error) {
	v, err := scanVersion(s.queryRow(ctx,
		`SELECT `+versionColumns+`, app_spec, initializer FROM versions WHERE project = ? AND number = ?`, project, n), true)
	if errors.Is(err, sql.ErrNoRows) {
		return v, chat.Errorf(chat.CodeNotFound, "Version %d not found", n)
	}
	if err != nil {
		return v, fmt.Errorf("get version: %w", err)
	}
	return v, nil
}

// LastUserSeq returns the seq of the session's latest user event, or 0.
func (s *Store) LastUserSeq(ctx context.Context, sessionID int64) (int64, error) {
	var seq int64
	err := s.queryRow(ctx, `SELECT COALESCE(MAX(seq), 0) FROM events WHERE session_id = ? AND type = 'user'`, sessionID).Scan(&seq)
	if err != nil {
		return 0, fmt.Errorf("last user seq: %w", err)
	}
	return seq, nil
}
