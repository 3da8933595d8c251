package openai

import (
	"testing"

	"github.com/specwright/specwright/internal/llm/llmtest"
)

// Past the bounds the adapter keeps nothing more; see the Anthropic
// adapter's test of the same name.
func TestBoundsCutTheReply(t *testing.T) {
	fake := llmtest.NewOpenAI(t, llmtest.OpenAIScript(llmtest.OpenAITools(llmtest.OversizedText(), llmtest.OversizedCalls()...)))
	req := withTools(hello())
	req.Bounds = llmtest.OversizedBounds
	reply, deltas, err := stream(t, newProvider(fake), req)
	if err != nil {
		t.Fatal(err)
	}
	llmtest.CheckOversized(t, reply, deltas)
}
