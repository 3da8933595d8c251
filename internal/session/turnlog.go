package session

import (
	"log/slog"
	"time"

	"github.com/specwright/specwright/internal/chat"
	"github.com/specwright/specwright/internal/llm"
)

// turnStats is what the log line at the end of a turn reports.
type turnStats struct {
	start     time.Time
	rounds    int // model round trips, or agent runs
	toolCalls int
	usage     llm.Usage
	reported  bool // the provider reported token counts
}

func (t *turnStats) add(u llm.Usage) {
	if u != (llm.Usage{}) {
		t.reported = true
	}
	t.usage.InputTokens += u.InputTokens
	t.usage.OutputTokens += u.OutputTokens
	t.usage.CacheReadTokens += u.CacheReadTokens
	t.usage.CacheWriteTokens += u.CacheWriteTokens
}

// outcome names how a run of a turn ended, from the events that end it.
func outcome(final []chat.Event) (string, string) {
	for _, ev := range final {
		switch {
		case ev.Type == chat.EventQuestion:
			return "question", ""
		case ev.Type == chat.EventError:
			return "error", ev.Content
		case ev.Type == chat.EventResponseDone && ev.Interrupted:
			return "interrupted", ""
		case ev.Type == chat.EventComplete:
			return "complete", ""
		}
	}
	return "done", ""
}

// logTurn writes the one info line of a turn's end: the operator's view
// of what each turn cost and how it ended.
func (s *Service) logTurn(ses chat.Session, st *turnStats, final []chat.Event) {
	name, model := s.Backend()
	out, why := outcome(final)
	attrs := []any{
		"project", ses.Project, "session", ses.ID, "provider", name, "model", model,
		"duration", time.Since(st.start).Round(time.Millisecond), "rounds", st.rounds, "tool_calls", st.toolCalls,
	}
	if st.reported {
		attrs = append(attrs, "tokens_in", st.usage.InputTokens+st.usage.CacheReadTokens+st.usage.CacheWriteTokens,
			"tokens_out", st.usage.OutputTokens, "tokens_cached", st.usage.CacheReadTokens)
	}
	attrs = append(attrs, "outcome", out)
	if why != "" {
		attrs = append(attrs, "error", why)
	}
	s.log.Info("turn ended", attrs...)
}

// logSpec writes the info line of a new version of the spec files.
func (s *Service) logSpec(ses chat.Session, v verdict) {
	s.log.LogAttrs(s.ctx, slog.LevelInfo, "spec version",
		slog.String("project", ses.Project), slog.Int64("session", ses.ID),
		slog.Int("features", v.featureCount), slog.String("version", v.hash[:12]))
}
