package e2e_test

import (
	"context"
	"strings"
	"sync"

	"github.com/specwright/specwright/internal/chat"
	"github.com/specwright/specwright/internal/llm"
)

// scripted is a provider whose reply depends on the user's last words, so
// a test can hold a reply in the middle of a text block, stall it, or
// fail it:
//
//	hold   streams "Hello ", waits for release (or the turn's end), then "world."
//	stall  streams nothing until the turn is stopped
//	fail   fails with a provider error
//	other  answers "You said: <words>"
type scripted struct {
	started chan string // the user's words, when a reply has begun

	mu   sync.Mutex
	gate chan struct{}
}

func newScripted() *scripted {
	return &scripted{started: make(chan string, 16), gate: make(chan struct{})}
}

func (s *scripted) Name() string  { return "anthropic" }
func (s *scripted) Model() string { return "claude-scripted-test" }

// release lets a held reply finish.
func (s *scripted) release() {
	s.mu.Lock()
	defer s.mu.Unlock()
	close(s.gate)
	s.gate = make(chan struct{})
}

func (s *scripted) Stream(ctx context.Context, req llm.Request, onText func(string)) (llm.Reply, error) {
	reply := func(text string) (llm.Reply, error) {
		return llm.Reply{Content: []chat.Block{chat.TextBlock(text)}, StopReason: llm.StopEndTurn}, nil
	}
	if len(req.Messages) == 1 { // the hidden kick-off
		onText("Hi! ")
		onText("What shall we build?")
		return reply("Hi! What shall we build?")
	}
	words := lastUserText(req.Messages)
	select {
	case s.started <- words:
	default:
	}
	switch words {
	case "hold":
		s.mu.Lock()
		gate := s.gate
		s.mu.Unlock()
		onText("Hello ")
		select {
		case <-gate:
		case <-ctx.Done():
			return llm.Reply{}, ctx.Err()
		}
		onText("world.")
		return reply("Hello world.")
	case "stall":
		<-ctx.Done()
		return llm.Reply{}, ctx.Err()
	case "fail":
		return llm.Reply{}, &llm.Error{Kind: llm.ErrOverloaded, Provider: "anthropic", Message: "The model is overloaded; try again in a minute"}
	}
	onText("You said: ")
	onText(words)
	return reply("You said: " + words)
}

func lastUserText(msgs []chat.Message) string {
	for i := len(msgs) - 1; i >= 0; i-- {
		if msgs[i].Role != chat.RoleUser {
			continue
		}
		// After a stopped reply the engine may join the next words to the
		// same message: the newest block is what the user just said.
		last := ""
		for _, b := range msgs[i].Content {
			if b.Type == chat.BlockText {
				last = b.Text
			}
		}
		return strings.TrimSpace(last)
	}
	return ""
}
