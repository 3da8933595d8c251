package session

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/specwright/specwright/internal/chat"
)

// Sessions lists the project's interviews, oldest first: the active one
// and the earlier ones, which can be read but not continued.
func (s *Service) Sessions(ctx context.Context, project string) ([]chat.Session, error) {
	h, err := s.historyOf(ctx, project)
	if err != nil {
		return nil, err
	}
	return h.Sessions(ctx, project)
}

// SessionTranscript returns one session of the project and its stored
// events.
func (s *Service) SessionTranscript(ctx context.Context, project string, id int64) (chat.Session, []chat.Event, error) {
	h, err := s.historyOf(ctx, project)
	if err != nil {
		return chat.Session{}, nil, err
	}
	ses, err := h.GetSession(ctx, project, id)
	if err != nil {
		return ses, nil, err
	}
	evs, err := s.cfg.Store.Events(ctx, ses.ID, 0)
	return ses, evs, err
}

// RenameProject gives a project a new name: its rows and its folder. It
// is refused while a turn runs or waits on a question, so that no turn
// writes under the old name.
func (s *Service) RenameProject(ctx context.Context, from, to string) error {
	h, err := s.historyOf(ctx, from)
	if err != nil {
		return err
	}
	if !chat.ValidProjectName(to) {
		return chat.Errorf(chat.CodeInvalid, "Invalid project name")
	}
	release, err := s.reserveIdle(from)
	if err != nil {
		return err
	}
	defer release()
	s.closeAgent(ctx, from)
	moved := false
	if err := os.Rename(s.projectDir(from), s.projectDir(to)); err == nil {
		moved = true
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("rename project folder: %w", err)
	}
	if err := h.RenameProject(ctx, from, to); err != nil {
		if moved {
			if back := os.Rename(s.projectDir(to), s.projectDir(from)); back != nil {
				s.log.Error("move project folder back", "project", from, "err", back)
			}
		}
		return err
	}
	return nil
}

// DeleteProject removes a project: its rows and its folder, with the
// spec files in it. It is refused while a turn runs or waits.
func (s *Service) DeleteProject(ctx context.Context, name string) error {
	h, err := s.historyOf(ctx, name)
	if err != nil {
		return err
	}
	release, err := s.reserveIdle(name)
	if err != nil {
		return err
	}
	defer release()
	s.closeAgent(ctx, name)
	if err := h.DeleteProject(ctx, name); err != nil {
		return err
	}
	if err := os.RemoveAll(s.projectDir(name)); err != nil {
		return fmt.Errorf("remove project folder: %w", err)
	}
	return nil
}

// reserveIdle is reserve that also refuses a turn paused at a question.
func (s *Service) reserveIdle(project string) (func(), error) {
	s.mu.Lock()
	_, waiting := s.suspended[project]
	s.mu.Unlock()
	if waiting {
		return nil, chat.Errorf(chat.CodeConflict, "The interview is waiting for an answer; answer it or start over first")
	}
	return s.reserve(project)
}

// closeAgent stops the agent process of the project's active session,
// which works in the project's folder.
func (s *Service) closeAgent(ctx context.Context, project string) {
	if s.cfg.Agent == nil {
		return
	}
	if ses, err := s.cfg.Store.ActiveSession(ctx, project); err == nil {
		s.cfg.Agent.Close(agentKey(ses))
	}
}
