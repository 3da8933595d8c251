package openai

import (
	"strings"
	"testing"

	"github.com/specwright/specwright/internal/llm"
	"github.com/specwright/specwright/internal/llm/llmtest"
)

// Past the bounds the adapter keeps nothing more; see the Anthropic
// adapter's test of the same name.
func TestBoundsCutTheReply(t *testing.T) {
	text := strings.Repeat("t", 3000)
	fake := llmtest.NewOpenAI(t, llmtest.OpenAIScript(llmtest.OpenAITools(text,
		llmtest.ToolCall{ID: "call_1", Name: "Write", Input: map[string]any{"content": strings.Repeat("c", 5000)}},
		llmtest.ToolCall{ID: "call_2", Name: "Glob", Input: map[string]any{"pattern": "*"}},
	)))
	req := withTools(hello())
	req.Bounds = llm.Bounds{Text: 1000, ToolInput: 2000}
	reply, deltas, err := stream(t, newProvider(fake), req)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(strings.Join(deltas, "")); n > 1000 {
		t.Errorf("%d bytes of text streamed past the bound", n)
	}
	if len(reply.Content) != 3 || len(reply.Content[0].Text) > 1000 {
		t.Fatalf("content %d blocks, text %d bytes", len(reply.Content), len(reply.Content[0].Text))
	}
	if string(reply.Content[1].Input) != "{}" {
		t.Errorf("the cut call keeps %.80s", reply.Content[1].Input)
	}
	if reply.Cut[0] < 3000 || reply.Cut[1] < 5000 || len(reply.Cut) != 2 {
		t.Errorf("cut = %v", reply.Cut)
	}
	if !strings.Contains(string(reply.Content[2].Input), `"*"`) {
		t.Errorf("the call within the bound lost its input: %s", reply.Content[2].Input)
	}
}
