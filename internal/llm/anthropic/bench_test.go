package anthropic

import (
	"context"
	"testing"

	"github.com/specwright/specwright/internal/llm/llmtest"
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
