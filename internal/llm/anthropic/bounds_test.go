package anthropic

import (
	"testing"

	"github.com/specwright/specwright/internal/llm/llmtest"
)

// Past the bounds the adapter keeps nothing more: a text block keeps its
// first deltas and streams no more, a tool call keeps no input, and the
// reply says which blocks were cut and how much was sent.
func TestBoundsCutTheReply(t *testing.T) {
	fake := llmtest.NewAnthropic(t, llmtest.Script(llmtest.Tools(llmtest.OversizedText(), llmtest.OversizedCalls()...)))
	req := hello()
	req.Bounds = llmtest.OversizedBounds
	reply, deltas, err := stream(t, newProvider(fake), req)
	if err != nil {
		t.Fatal(err)
	}
	llmtest.CheckOversized(t, reply, deltas)
}
