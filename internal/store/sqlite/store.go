package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/specwright/specwright/internal/chat"
)

var _ chat.Store = (*Store)(nil)

const timeFormat = time.RFC3339Nano

func now() string { return time.Now().UTC().Format(timeFormat) }

func parseTime(s string) time.Time {
	t, _ := time.Parse(timeFormat, s)
	return t
}

// EnsureProject returns the project named name, creating it if needed. A
// name that differs from an existing project's only by case is refused.
func (s *Store) EnsureProject(ctx context.Context, name string) (chat.Project, error) {
	p, err := s.GetProject(ctx, name)
	if err == nil || chat.ErrorCode(err) != chat.CodeNotFound {
		return p, err
	}
	created := now()
	if err := s.write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		_, err := s.exec(ctx, tx, `INSERT INTO projects(name, created_at) VALUES(?, ?) ON CONFLICT DO NOTHING`, name, created)
		return err
	}); err != nil {
		return chat.Project{}, fail("create project", err)
	}
	return s.GetProject(ctx, name)
}

// GetProject returns the project named exactly name.
func (s *Store) GetProject(ctx context.Context, name string) (chat.Project, error) {
	var p chat.Project
	var created string
	err := s.queryRow(ctx, `SELECT name, created_at FROM projects WHERE name = ?`, name).Scan(&p.Name, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return p, chat.Errorf(chat.CodeNotFound, "Project not found")
	}
	if err != nil {
		return p, fail("get project", err)
	}
	if p.Name != name {
		return chat.Project{}, chat.Errorf(chat.CodeConflict, "A project named %q already exists; names may not differ only by case", p.Name)
	}
	p.CreatedAt = parseTime(created)
	return p, nil
}

// ListProjects returns every project, oldest first, each with its latest
// session, in one query.
func (s *Store) ListProjects(ctx context.Context) ([]chat.Project, error) {
	rows, err := s.query(ctx, `SELECT p.name, p.created_at, `+latestColumns+` FROM projects p
		LEFT JOIN sessions s ON s.id = (SELECT MAX(id) FROM sessions WHERE project = p.name)
		ORDER BY p.created_at, p.name`)
	if err != nil {
		return nil, fail("list projects", err)
	}
	defer rows.Close()
	var out []chat.Project
	for rows.Next() {
		var p chat.Project
		var created string
		ses, err := scanSession(prefixed{rows, []any{&p.Name, &created}})
		if err != nil {
			return nil, fail("list projects", err)
		}
		p.CreatedAt = parseTime(created)
		if ses.ID != 0 {
			p.Latest = &ses
		}
		out = append(out, p)
	}
	return out, fail("read rows", rows.Err())
}

// latestColumns are sessionColumns of the joined session s, with the
// values of a missing one (id 0) in place of NULL.
const latestColumns = `COALESCE(s.id, 0), COALESCE(s.project, ''), COALESCE(s.status, ''), COALESCE(s.provider, ''),
	COALESCE(s.model, ''), COALESCE(s.created_at, ''), COALESCE(s.updated_at, ''), COALESCE(s.files_written, '[]'),
	COALESCE(s.spec_status, ''), COALESCE(s.feature_count, 0), COALESCE(s.complete_hash, ''),
	COALESCE(s.verified_at, ''), COALESCE(s.provider_ref, '')`

// prefixed scans the columns before a session's into pre.
type prefixed struct {
	r   scanner
	pre []any
}

func (p prefixed) Scan(dest ...any) error { return p.r.Scan(append(p.pre, dest...)...) }

const sessionColumns = `id, project, status, provider, model, created_at, updated_at,
	files_written, spec_status, feature_count, complete_hash, verified_at, provider_ref`

type scanner interface{ Scan(...any) error }

func scanSession(r scanner) (chat.Session, error) {
	var ses chat.Session
	var created, updated, written, verified string
	err := r.Scan(&ses.ID, &ses.Project, &ses.Status, &ses.Provider, &ses.Model, &created, &updated,
		&written, &ses.SpecStatus, &ses.FeatureCount, &ses.CompleteHash, &verified, &ses.ProviderRef)
	if err != nil {
		return ses, err
	}
	ses.CreatedAt, ses.UpdatedAt, ses.VerifiedAt = parseTime(created), parseTime(updated), parseTime(verified)
	if err := json.Unmarshal([]byte(written), &ses.Written); err != nil {
		return ses, fmt.Errorf("session %d: files_written: %w", ses.ID, err)
	}
	return ses, nil
}

func (s *Store) oneSession(ctx context.Context, query string, args ...any) (chat.Session, error) {
	ses, err := scanSession(s.queryRow(ctx, query, args...))
	if errors.Is(err, sql.ErrNoRows) {
		return ses, chat.Errorf(chat.CodeNotFound, "No active session for this project")
	}
	if err != nil {
		return ses, fail("get session", err)
	}
	return ses, nil
}

// ActiveSession returns the project's active session.
func (s *Store) ActiveSession(ctx context.Context, project string) (chat.Session, error) {
	return s.oneSession(ctx, `SELECT `+sessionColumns+` FROM sessions WHERE project = ? AND status = 'active'`, project)
}

// LatestSession returns the project's newest session, whatever its status.
func (s *Store) LatestSession(ctx context.Context, project string) (chat.Session, error) {
	return s.oneSession(ctx, `SELECT `+sessionColumns+` FROM sessions WHERE project = ? ORDER BY id DESC LIMIT 1`, project)
}

// StartSession archives the project's active session and creates a new
// one from ses (Project, Provider, Model) holding the messages first, in
// one transaction, creating the project if it does not exist: a new
// interview is one commit.
func (s *Store) StartSession(ctx context.Context, ses chat.Session, first ...chat.Message) (chat.Session, error) {
	var created chat.Session
	err := s.write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		t := now()
		if _, err := s.exec(ctx, tx, `INSERT INTO projects(name, created_at) VALUES(?, ?) ON CONFLICT DO NOTHING`, ses.Project, t); err != nil {
			return fmt.Errorf("create project: %w", err)
		}
		if _, err := s.exec(ctx, tx, `UPDATE sessions SET status = 'archived', updated_at = ? WHERE project = ? AND status = 'active'`, t, ses.Project); err != nil {
			return fmt.Errorf("archive session: %w", err)
		}
		res, err := s.exec(ctx, tx, `INSERT INTO sessions(project, status, provider, model, created_at, updated_at, spec_status)
		VALUES(?, 'active', ?, ?, ?, ?, 'in_progress')`, ses.Project, ses.Provider, ses.Model, t, t)
		if err != nil {
			return fmt.Errorf("create session: %w", err)
		}
		id, err := res.LastInsertId()
		if err != nil {
			return fmt.Errorf("create session: %w", err)
		}
		created, err = scanSession(s.queryRowTx(ctx, tx, `SELECT `+sessionColumns+` FROM sessions WHERE id = ?`, id))
		if err != nil {
			return fmt.Errorf("create session: %w", err)
		}
		if len(first) > 0 {
			if _, err := s.appendTx(ctx, tx, id, first, nil); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return ses, fail("start session", err)
	}
	return created, nil
}

// EndSession sets the status of an active session.
func (s *Store) EndSession(ctx context.Context, id int64, status chat.SessionStatus) error {
	err := s.write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		res, err := s.exec(ctx, tx, `UPDATE sessions SET status = ?, updated_at = ? WHERE id = ? AND status = 'active'`, status, now(), id)
		if err != nil {
			return fmt.Errorf("end session: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return chat.Errorf(chat.CodeNotFound, "No active session for this project")
		}
		return nil
	})
	if chat.ErrorCode(err) == chat.CodeNotFound {
		return err
	}
	return fail("end session", err)
}

// UpdateSpecState saves the spec fields of ses.
func (s *Store) UpdateSpecState(ctx context.Context, ses chat.Session) error {
	written, err := json.Marshal(nonNil(ses.Written))
	if err != nil {
		return err
	}
	verified := ""
	if !ses.VerifiedAt.IsZero() {
		verified = ses.VerifiedAt.UTC().Format(timeFormat)
	}
	err = s.write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		_, err := s.exec(ctx, tx, `UPDATE sessions SET files_written = ?, spec_status = ?, feature_count = ?,
		complete_hash = ?, verified_at = ?, updated_at = ? WHERE id = ?`,
			string(written), ses.SpecStatus, ses.FeatureCount, ses.CompleteHash, verified, now(), ses.ID)
		return err
	})
	if err != nil {
		return fail("update spec state", err)
	}
	return nil
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// SetProviderRef saves an agent provider's own session id.
func (s *Store) SetProviderRef(ctx context.Context, id int64, ref string) error {
	if err := s.write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		_, err := s.exec(ctx, tx, `UPDATE sessions SET provider_ref = ?, updated_at = ? WHERE id = ?`, ref, now(), id)
		return err
	}); err != nil {
		return fail("set provider ref", err)
	}
	return nil
}

// ActiveProjects lists the projects with an active session.
func (s *Store) ActiveProjects(ctx context.Context) ([]string, error) {
	rows, err := s.query(ctx, `SELECT project FROM sessions WHERE status = 'active' ORDER BY project`)
	if err != nil {
		return nil, fail("list sessions", err)
	}
	defer rows.Close()
	out := []string{}
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return nil, fail("list sessions", err)
		}
		out = append(out, name)
	}
	return out, fail("read rows", rows.Err())
}

// Append stores msgs and events in one transaction and returns the events
// with their Seq set.
func (s *Store) Append(ctx context.Context, sessionID int64, msgs []chat.Message, events []chat.Event) ([]chat.Event, error) {
	var out []chat.Event
	err := s.write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		var err error
		out, err = s.appendTx(ctx, tx, sessionID, msgs, events)
		return err
	})
	return out, fail("append", err)
}

func (s *Store) appendTx(ctx context.Context, tx *sql.Tx, sessionID int64, msgs []chat.Message, events []chat.Event) ([]chat.Event, error) {
	t := now()
	if len(msgs) > 0 {
		var pos int64
		if err := s.queryRowTx(ctx, tx, `SELECT COALESCE(MAX(pos), 0) FROM messages WHERE session_id = ?`, sessionID).Scan(&pos); err != nil {
			return nil, fail("append messages", err)
		}
		for _, m := range msgs {
			body, err := json.Marshal(m.Content)
			if err != nil {
				return nil, fail("append messages", err)
			}
			pos++
			if _, err := s.exec(ctx, tx, `INSERT INTO messages(session_id, pos, role, hidden, content, created_at) VALUES(?, ?, ?, ?, ?, ?)`,
				sessionID, pos, m.Role, m.Hidden, string(body), t); err != nil {
				return nil, fail("append messages", err)
			}
		}
	}
	out := make([]chat.Event, len(events))
	if len(events) > 0 {
		var seq int64
		if err := s.queryRowTx(ctx, tx, `SELECT COALESCE(MAX(seq), 0) FROM events WHERE session_id = ?`, sessionID).Scan(&seq); err != nil {
			return nil, fail("append events", err)
		}
		for i, e := range events {
			seq++
			e.Seq = seq
			if e.Time.IsZero() {
				e.Time = time.Now().UTC()
			}
			body, err := json.Marshal(e)
			if err != nil {
				return nil, fail("append events", err)
			}
			if _, err := s.exec(ctx, tx, `INSERT INTO events(session_id, seq, type, body, created_at) VALUES(?, ?, ?, ?, ?)`,
				sessionID, seq, e.Type, string(body), e.Time.Format(timeFormat)); err != nil {
				return nil, fail("append events", err)
			}
			out[i] = e
		}
	}
	if _, err := s.exec(ctx, tx, `UPDATE sessions SET updated_at = ? WHERE id = ?`, t, sessionID); err != nil {
		return nil, fail("append", err)
	}
	return out, nil
}

// Messages returns the session's conversation in order.
func (s *Store) Messages(ctx context.Context, sessionID int64) ([]chat.Message, error) {
	rows, err := s.query(ctx, `SELECT role, hidden, content FROM messages WHERE session_id = ? ORDER BY pos`, sessionID)
	if err != nil {
		return nil, fail("read messages", err)
	}
	defer rows.Close()
	var out []chat.Message
	for rows.Next() {
		var m chat.Message
		var body string
		if err := rows.Scan(&m.Role, &m.Hidden, &body); err != nil {
			return nil, fail("read messages", err)
		}
		if err := json.Unmarshal([]byte(body), &m.Content); err != nil {
			return nil, fail("read messages", err)
		}
		out = append(out, m)
	}
	return out, fail("read rows", rows.Err())
}

// Events returns the session's events with Seq > afterSeq, in order.
func (s *Store) Events(ctx context.Context, sessionID, afterSeq int64) ([]chat.Event, error) {
	rows, err := s.query(ctx, `SELECT body, created_at FROM events WHERE session_id = ? AND seq > ? ORDER BY seq`, sessionID, afterSeq)
	if err != nil {
		return nil, fail("read events", err)
	}
	defer rows.Close()
	out := []chat.Event{}
	for rows.Next() {
		var body, created string
		if err := rows.Scan(&body, &created); err != nil {
			return nil, fail("read events", err)
		}
		var e chat.Event
		if err := json.Unmarshal([]byte(body), &e); err != nil {
			return nil, fail("read events", err)
		}
		e.Time = parseTime(created)
		out = append(out, e)
	}
	return out, fail("read rows", rows.Err())
}

// CountMessages counts the user messages and assistant text blocks of a
// session, as the protocol's message_count does.
func (s *Store) CountMessages(ctx context.Context, sessionID int64) (int, error) {
	var n int
	err := s.queryRow(ctx, `SELECT COUNT(*) FROM events WHERE session_id = ? AND type IN ('user', 'text')`, sessionID).Scan(&n)
	if err != nil {
		return 0, fail("count messages", err)
	}
	return n, nil
}
