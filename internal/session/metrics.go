package session

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/specwright/specwright/internal/chat"
)

// Metrics receives what the service does, for monitoring. The service
// calls it from the goroutines of turns, so it must be safe for
// concurrent use and cheap: Chunk runs once per streamed chunk. The
// implementation (Prometheus) is wired in by cmd/specwright; the default
// does nothing.
type Metrics interface {
	// TurnFinished reports a run of a turn that ended, how long it ran
	// (queueing not included), and its outcome: "done", "question",
	// "interrupted", "cancelled" or "error".
	TurnFinished(outcome string, d time.Duration)
	// TurnQueued reports how long a turn waited for a free slot.
	TurnQueued(d time.Duration)
	// FirstChunk reports the time from a turn's start to its first
	// streamed text.
	FirstChunk(d time.Duration)
	// Chunk reports one streamed text chunk and its encoded size.
	Chunk(bytes int)
	// SpecCompleted reports a new version of a complete spec.
	SpecCompleted()
}

type noMetrics struct{}

func (noMetrics) TurnFinished(string, time.Duration) {}
func (noMetrics) TurnQueued(time.Duration)           {}
func (noMetrics) FirstChunk(time.Duration)           {}
func (noMetrics) Chunk(int)                          {}
func (noMetrics) SpecCompleted()                     {}

// Stats is the service's state now, for gauges.
type Stats struct {
	Sockets int // subscribers across all projects
	Running int // turns running
	Queued  int // turns waiting for a slot
}

// Stats reports the service's state now.
func (s *Service) Stats() Stats {
	running, queued := s.admit.counts()
	return Stats{Sockets: s.hub.subscribers(), Running: running, Queued: queued}
}

// metricOutcome names how a run of a turn ended, for the metrics.
func metricOutcome(final []chat.Event) string {
	for _, ev := range final {
		switch ev.Type {
		case chat.EventQuestion:
			return "question"
		case chat.EventResponseDone:
			if ev.Interrupted {
				return "interrupted"
			}
			return "done"
		case chat.EventError:
			if ev.Content == errCancelled.Message || ev.Content == errShutdown.Message {
				return "cancelled"
			}
			return "error"
		}
	}
	return "error"
}

// Ready reports whether the service can take turns: the store answers and
// a provider or agent is configured.
func (s *Service) Ready(ctx context.Context) error {
	if s.cfg.Provider == nil && s.cfg.Agent == nil {
		return errors.New("no model provider is configured")
	}
	// A name that cannot exist: the answer is "not found" when the store
	// is reachable.
	if _, err := s.cfg.Store.GetProject(ctx, "-"); err != nil && chat.ErrorCode(err) != chat.CodeNotFound {
		return fmt.Errorf("the store does not answer: %w", err)
	}
	return nil
}
