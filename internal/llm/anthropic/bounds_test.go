package anthropic

import (
	"strings"
	"testing"

	"github.com/specwright/specwright/internal/chat"
	"github.com/specwright/specwright/internal/llm"
	"github.com/specwright/specwright/internal/llm/llmtest"
)

// Past the bounds the adapter keeps nothing more: a text block keeps its
// first deltas and streams no more, a tool call keeps no input, and the
// reply says which blocks were cut and how much was sent.
func TestBoundsCutTheReply(t *testing.T) {
	fake := llmtest.NewAnthropic(t, llmtest.Script(llmtest.Tools(strings.Repeat("t", 3000),
		llmtest.ToolCall{ID: "toolu_1", Name: "Write", Input: map[string]any{"content": strings.Repeat("c", 5000)}},
		llmtest.ToolCall{ID: "toolu_2", Name: "Glob", Input: map[string]any{"pattern": "*"}},
	)))
	req := hello()
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
	if string(reply.Content[1].Input) != "{}" || reply.Content[1].Type != chat.BlockToolUse {
		t.Errorf("the cut call keeps %.80s", reply.Content[1].Input)
	}
	if reply.Cut[0] < 3000 || reply.Cut[1] < 5000 || len(reply.Cut) != 2 {
		t.Errorf("cut = %v", reply.Cut)
	}
	if !strings.Contains(string(reply.Content[2].Input), `"*"`) {
		t.Errorf("the call within the bound lost its input: %s", reply.Content[2].Input)
	}
}
