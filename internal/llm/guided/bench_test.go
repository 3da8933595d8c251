package guided

import (
	"context"
	"testing"

	"github.com/specwright/specwright/internal/llm"
	"github.com/specwright/specwright/internal/spec"
)

// BenchmarkInterview measures the server CPU of one whole quick
// interview in guided mode: every Stream call the engine makes, from
// the kick-off to both files written, each replaying the conversation
// so far. The requests are recorded once from a real run.
func BenchmarkInterview(b *testing.B) {
	e := ideas[0].run(&testing.T{})
	p := New()
	ctx := context.Background()
	b.ReportMetric(float64(len(e.calls)), "calls/op")
	for b.Loop() {
		for _, c := range e.calls {
			if _, err := p.Stream(ctx, llmRequest(e, c), nil); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkCheck is the reference measured in the same run: one
// spec.Check of the spec that interview writes, which the engine runs
// after each write.
func BenchmarkCheck(b *testing.B) {
	e := ideas[0].run(&testing.T{})
	app, init := []byte(e.files[AppSpecPath]), []byte(e.files[InitializerPath])
	for b.Loop() {
		spec.Check(app, init)
	}
}

func llmRequest(e *engine, c recorded) llm.Request {
	return llm.Request{Project: e.project, Messages: c.msgs}
}
