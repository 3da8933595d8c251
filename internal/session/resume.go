package session

import (
	"context"
	"time"

	"github.com/specwright/specwright/internal/chat"
)

// stream publishes a piece of streamed text and keeps it as the partial
// block, so that a client resuming now gets the block's beginning.
func (s *Service) stream(project, delta string) {
	f := textFrames(delta)
	s.cfg.Metrics.Chunk(len(f.V2))
	s.holdRoom(project, func(r *room) {
		if r == nil {
			return
		}
		if !r.streamed && !r.began.IsZero() {
			r.streamed = true
			s.cfg.Metrics.FirstChunk(time.Since(r.began))
		}
		r.partial.WriteString(delta)
		r.deliver(f)
	})
}

// holdRoom runs fn with the project's room locked (r is nil when no one
// holds the room): while fn runs, nothing is published to the project.
func (s *Service) holdRoom(project string, fn func(r *room)) {
	r := s.hub.lookup(project)
	if r == nil {
		fn(nil)
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	fn(r)
}

// Replay is what a resuming client gets before the live events.
type Replay struct {
	SessionID int64        // the project's latest session; 0 if none
	Events    []chat.Event // stored events after the requested seq
	Partial   string       // the text block streaming now, so far
	Running   bool         // a turn is running
	LastSeq   int64        // the seq the client has after the replay
}

// Resume prepares the replay for a client of project that saw the events
// of session sessionID up to afterSeq (sessionID 0: any session). It runs
// hold while the project's output is held still; the caller's subscriber
// must buffer what is delivered from then on until it has sent the
// replay, and drop buffered events with Seq <= LastSeq. That way nothing
// is sent twice and nothing is missed.
func (s *Service) Resume(ctx context.Context, project string, afterSeq, sessionID int64, hold func()) (Replay, error) {
	if !chat.ValidProjectName(project) {
		return Replay{}, chat.Errorf(chat.CodeInvalid, "Invalid project name")
	}
	rep, err := s.replay(ctx, project, afterSeq, sessionID, hold)
	if err != nil {
		return rep, err
	}
	// Checked after the room is released: finish takes s.mu, then rooms.
	s.mu.Lock()
	_, rep.Running = s.running[project]
	s.mu.Unlock()
	return rep, nil
}

func (s *Service) replay(ctx context.Context, project string, afterSeq, sessionID int64, hold func()) (Replay, error) {
	r := s.hub.acquire(project)
	defer s.hub.release(project)
	r.mu.Lock()
	defer r.mu.Unlock()
	hold()
	ses, err := s.cfg.Store.LatestSession(ctx, project)
	if chat.ErrorCode(err) == chat.CodeNotFound {
		return Replay{}, nil
	}
	if err != nil {
		return Replay{}, err
	}
	if sessionID != 0 && sessionID != ses.ID {
		afterSeq = 0
	}
	evs, err := s.cfg.Store.Events(ctx, ses.ID, afterSeq)
	if err != nil {
		return Replay{}, err
	}
	rep := Replay{SessionID: ses.ID, Events: evs, Partial: r.partial.String(), LastSeq: afterSeq}
	if n := len(evs); n > 0 {
		rep.LastSeq = evs[n-1].Seq
	}
	return rep, nil
}

// Interrupt stops the project's running turn, or ends the turn paused at
// a question. What the model produced is kept; the turn ends with a
// response_done marked interrupted.
func (s *Service) Interrupt(ctx context.Context, project string) error {
	if !chat.ValidProjectName(project) {
		return chat.Errorf(chat.CodeInvalid, "Invalid project name")
	}
	s.mu.Lock()
	h := s.running[project]
	_, waiting := s.suspended[project]
	delete(s.suspended, project)
	s.mu.Unlock()
	switch {
	case h != nil:
		h.cancel(errInterrupted)
		return nil
	case waiting:
		ses, err := s.cfg.Store.ActiveSession(ctx, project)
		if err != nil {
			return err
		}
		s.finish(ses, []chat.Event{{Type: chat.EventResponseDone, Interrupted: true}})
		return nil
	default:
		return chat.Errorf(chat.CodeConflict, "Nothing to interrupt")
	}
}
