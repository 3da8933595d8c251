package sqlite

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/specwright/specwright/internal/chat"
)

// Sessions lists the project's sessions, oldest first.
func (s *Store) Sessions(ctx context.Context, project string) ([]chat.Session, error) {
	rows, err := s.query(ctx, `SELECT `+sessionColumns+` FROM sessions WHERE project = ? ORDER BY id`, project)
	if err != nil {
		return nil, fmt.Errorf("list sessions: %w", err)
	}
	defer rows.Close()
	out := []chat.Session{}
	for rows.Next() {
		ses, err := scanSession(rows)
		if err != nil {
			return nil, fmt.Errorf("list sessions: %w", err)
		}
		out = append(out, ses)
	}
	return out, rows.Err()
}

// GetSession returns the session id of the project.
func (s *Store) GetSession(ctx context.Context, project string, id int64) (chat.Session, error) {
	ses, err := s.oneSession(ctx, `SELECT `+sessionColumns+` FROM sessions WHERE project = ? AND id = ?`, project, id)
	if chat.ErrorCode(err) == chat.CodeNotFound {
		return ses, chat.Errorf(chat.CodeNotFound, "Session %d not found", id)
	}
	return ses, err
}

// RenameProject renames the project in every table, in one transaction.
// The foreign keys are checked at the commit, when all rows agree again.
func (s *Store) RenameProject(ctx context.Context, from, to string) error {
	if _, err := s.GetProject(ctx, from); err != nil {
		return err
	}
	if from == to {
		return nil
	}
	_, err := s.GetProject(ctx, to)
	switch code := chat.ErrorCode(err); {
	case err == nil, code == chat.CodeConflict && !strings.EqualFold(from, to):
		return chat.Errorf(chat.CodeConflict, "A project named %q already exists", to)
	case code != chat.CodeNotFound && code != chat.CodeConflict:
		return err
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("rename project: %w", err)
	}
	defer tx.Rollback()
	for _, q := range []string{
		`PRAGMA defer_foreign_keys = ON`,
		`UPDATE projects SET name = ? WHERE name = ?`,
		`UPDATE sessions SET project = ? WHERE project = ?`,
		`UPDATE versions SET project = ? WHERE project = ?`,
	} {
		args := []any{to, from}
		if q[0] == 'P' {
			args = nil
		}
		if _, err := tx.ExecContext(ctx, q, args...); err != nil {
			return fmt.Errorf("rename project: %w", err)
		}
	}
	return tx.Commit()
}

// DeleteProject removes the project and all its rows in one transaction.
func (s *Store) DeleteProject(ctx context.Context, name string) error {
	if _, err := s.GetProject(ctx, name); err != nil {
		if chat.ErrorCode(err) == chat.CodeConflict {
			return chat.Errorf(chat.CodeNotFound, "Project not found")
		}
		return err
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("delete project: %w", err)
	}
	defer tx.Rollback()
	for _, q := range []string{
		`DELETE FROM events WHERE session_id IN (SELECT id FROM sessions WHERE project = ?)`,
		`DELETE FROM messages WHERE session_id IN (SELECT id FROM sessions WHERE project = ?)`,
		`DELETE FROM versions WHERE project = ?`,
		`DELETE FROM sessions WHERE project = ?`,
		`DELETE FROM projects WHERE name = ?`,
	} {
		if _, err := tx.ExecContext(ctx, q, name); err != nil {
			return fmt.Errorf("delete project: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return errors.Join(errors.New("delete project"), err)
	}
	return nil
}
