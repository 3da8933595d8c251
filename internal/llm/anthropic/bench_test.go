package anthropic

import (
	"context"
	"strings"
	"testing"

	"github.com/specwright/specwright/internal/chat"
	"github.com/specwright/specwright/internal/llm"
	"github.com/specwright/specwright/internal/llm/llmtest"
	"github.com/specwright/specwright/internal/prompt"
	"github.com/specwright/specwright/internal/tool"
)

// BenchmarkStream200 is one round trip of 200 text deltas from the fake,
// as the load tool sends them: the provider's own cost per reply.
func BenchmarkStream200(b *testing.B) {
	chunks := make([]string, 200)
	for i := range chunks {
		chunks[i] = "t1733333333123456789 "
	}
	reply := llmtest.Text(chunks...)
	fake := llmtest.NewAnthropic(b, func(int, llmtest.Request) llmtest.Response { return reply })
	p := newProvider(fake)
	req := hello()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := p.Stream(context.Background(), req, func(string) {}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRequestBody encodes the request of an interview's fourth turn:
// the system prompt, the server's tools, six messages.
func BenchmarkRequestBody(b *testing.B) {
	p := newProvider(llmtest.NewAnthropic(b, llmtest.Script()))
	req := llm.Request{
		System: prompt.System(prompt.Info{Project: "habits", Folder: "/data/projects/habits", Prompts: "prompts"}),
		Tools:  append(tool.NewSet(tool.Read(), tool.Write(), tool.Edit(), tool.Glob()).Specs(), tool.AskSpec()),
	}
	for i := range 3 {
		req.Messages = append(req.Messages,
			chat.Message{Role: chat.RoleUser, Content: []chat.Block{chat.TextBlock(strings.Repeat("I want to track my habits. ", 10+i))}},
			chat.Message{Role: chat.RoleAssistant, Content: []chat.Block{chat.TextBlock(strings.Repeat("Tell me more about the people who use it. ", 20))}})
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := p.body(req); err != nil {
			b.Fatal(err)
		}
	}
}
