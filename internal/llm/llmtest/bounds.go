package llmtest

import (
	"strings"
	"testing"

	"github.com/specwright/specwright/internal/llm"
)

// OversizedBounds, OversizedText and OversizedCalls make a reply that
// goes past its bounds, for every adapter's test of llm.Bounds: 3,000
// bytes of text against a bound of 1,000, a Write whose input of about
// 5,000 bytes is past the 2,000 of one tool input, and a Glob within it.
var OversizedBounds = llm.Bounds{Text: 1000, ToolInput: 2000}

// OversizedText is the text of the oversized reply.
func OversizedText() string { return strings.Repeat("t", 3000) }

// OversizedCalls are the tool calls of the oversized reply.
func OversizedCalls() []ToolCall {
	return []ToolCall{
		{ID: "call_big", Name: "Write", Input: map[string]any{"content": strings.Repeat("c", 5000)}},
		{ID: "call_small", Name: "Glob", Input: map[string]any{"pattern": "*"}},
	}
}

// CheckOversized fails t unless the adapter kept nothing past the bounds
// of the oversized reply: at most 1,000 bytes of text kept and streamed,
// no input of the Write, the Glob whole, and Reply.Cut naming both cut
// blocks with the bytes sent.
func CheckOversized(t testing.TB, reply llm.Reply, deltas []string) {
	t.Helper()
	if n := len(strings.Join(deltas, "")); n > 1000 {
		t.Errorf("%d bytes of text streamed past the bound", n)
	}
	if len(reply.Content) != 3 || len(reply.Content[0].Text) > 1000 {
		t.Fatalf("content %+v", reply.Content)
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
