package httpapi

import (
	"context"
	"encoding/json"

	"github.com/specwright/specwright/internal/chat"
	"github.com/specwright/specwright/internal/session"
)

// onResume answers {"type":"resume","after_seq":N}: the stored events the
// client missed, the text block streaming now, "resumed", then live
// events, each exactly once.
func (s *server) onResume(ctx context.Context, c *socket, project string, f map[string]json.RawMessage) error {
	var after, sessionID int64
	if err := json.Unmarshal(f["after_seq"], &after); err != nil || after < 0 {
		return invalid("Invalid resume: after_seq must be a non-negative integer")
	}
	if raw, present := f["session_id"]; present && string(raw) != "null" {
		if err := json.Unmarshal(raw, &sessionID); err != nil || sessionID < 0 {
			return invalid("Invalid resume: session_id must be a non-negative integer")
		}
	}
	rep, err := s.svc.Resume(ctx, project, after, sessionID, func() {
		c.mu.Lock()
		c.replaying = true
		c.mu.Unlock()
	})
	if err != nil {
		c.mu.Lock()
		c.replaying = false
		pending := c.pending
		c.pending = nil
		c.mu.Unlock()
		for _, p := range pending {
			c.enqueue(p)
		}
		return err
	}
	// The replay may be long: wait for room in the queue rather than
	// treating the client as slow.
	put := func(ev chat.Event) bool {
		frame, err := json.Marshal(ev)
		if err != nil {
			return true
		}
		if !c.v2 {
			if ev.Type.V2Only() {
				return true
			}
			ev.Seq = 0
			frame, _ = json.Marshal(ev)
		}
		return c.put(ctx, frame)
	}
	for _, ev := range rep.Events {
		if !put(ev) {
			return nil
		}
	}
	if rep.Partial != "" && !put(chat.Event{Type: chat.EventText, Content: rep.Partial}) {
		return nil
	}
	last, running, id := rep.LastSeq, rep.Running, rep.SessionID
	if !put(chat.Event{Type: chat.EventResumed, SessionID: &id, LastSeq: &last, Running: &running}) {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, p := range c.pending {
		if p.Seq == 0 || p.Seq > rep.LastSeq {
			c.enqueue(p)
		}
	}
	c.pending = nil
	c.replaying = false
	return nil
}

var _ session.Subscriber = (*socket)(nil)
