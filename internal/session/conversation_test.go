package session

import (
	"encoding/json"
	"testing"

	"github.com/specwright/specwright/internal/chat"
)

func use(id, name string, input string) chat.Block {
	return chat.Block{Type: chat.BlockToolUse, ID: id, Name: name, Input: json.RawMessage(input)}
}

const askInput = `{"questions":[{"question":"Which?","header":"H","multiSelect":false,"options":[{"label":"A","description":""},{"label":"B","description":""}]}]}`

func user(blocks ...chat.Block) chat.Message {
	return chat.Message{Role: chat.RoleUser, Content: blocks}
}
func assistant(blocks ...chat.Block) chat.Message {
	return chat.Message{Role: chat.RoleAssistant, Content: blocks}
}

func TestPendingQuestion(t *testing.T) {
	base := []chat.Message{user(chat.TextBlock("go")), assistant(chat.TextBlock("hi"), use("r1", "Read", `{}`), use("q1", "AskUserQuestion", askInput))}
	p := pendingQuestion(base)
	if p == nil || p.ToolID != "q1" || len(p.Questions) != 1 {
		t.Fatalf("pending = %+v", p)
	}
	// The other call's result stored beside it does not answer the question.
	withRead := append(append([]chat.Message(nil), base...), user(chat.ToolResult("r1", "x", false)))
	if p := pendingQuestion(withRead); p == nil || p.ToolID != "q1" {
		t.Fatalf("with the read result: %+v", p)
	}
	answered := append(append([]chat.Message(nil), withRead...), user(chat.ToolResult("q1", "A: B", false)))
	if p := pendingQuestion(answered); p != nil {
		t.Fatalf("answered question still pending: %+v", p)
	}
	bad := []chat.Message{user(chat.TextBlock("go")), assistant(use("q2", "AskUserQuestion", `{"questions":[]}`))}
	if p := pendingQuestion(bad); p != nil {
		t.Fatalf("an invalid question cannot be pending: %+v", p)
	}
	if p := pendingQuestion(nil); p != nil {
		t.Fatal("empty conversation has no question")
	}
}

func TestNormalize(t *testing.T) {
	msgs := []chat.Message{
		user(chat.TextBlock("kick-off")),
		user(chat.TextBlock("typed while the model was down")), // merged into one user message
		assistant(chat.TextBlock("let me look"), use("r1", "Read", `{}`), use("q1", "AskUserQuestion", askInput)),
		user(chat.ToolResult("r1", "contents", false)),
		user(chat.TextBlock("note"), chat.ToolResult("q1", "A: A", false)), // result must come first
		assistant(use("w1", "Write", `{}`)),                                // crash before its result was stored
	}
	got := normalize(msgs)
	if len(got) != 5 {
		t.Fatalf("%d messages: %+v", len(got), got)
	}
	for i, m := range got {
		want := chat.RoleUser
		if i%2 == 1 {
			want = chat.RoleAssistant
		}
		if m.Role != want {
			t.Fatalf("message %d has role %s", i, m.Role)
		}
	}
	if len(got[0].Content) != 2 {
		t.Fatalf("first user message not merged: %+v", got[0])
	}
	third := got[2].Content
	if third[0].ToolUseID != "r1" || third[1].ToolUseID != "q1" || third[2].Text != "note" {
		t.Fatalf("results not first and in call order: %+v", third)
	}
	last := got[4].Content
	if len(last) != 1 || last[0].ToolUseID != "w1" || !last[0].IsError {
		t.Fatalf("dangling call not answered: %+v", last)
	}
	// The stored conversation is not modified.
	if len(msgs[4].Content) != 2 || msgs[4].Content[0].Text != "note" {
		t.Fatal("normalize changed its input")
	}
}

func TestNormalizeTurnsStrayResultsIntoText(t *testing.T) {
	got := normalize([]chat.Message{assistant(chat.TextBlock("hi")), user(chat.ToolResult("ghost", "x", false))})
	if got[0].Role != chat.RoleUser || len(got) != 3 {
		t.Fatalf("got %+v", got)
	}
	if b := got[2].Content[0]; b.Type != chat.BlockText || b.Text != "Tool result: x" {
		t.Fatalf("stray result = %+v", b)
	}
}

func TestFlattenAnswers(t *testing.T) {
	for _, tc := range []struct {
		in   map[int][]string
		want string
	}{
		{nil, "OK"},
		{map[int][]string{1: {"b"}, 0: {"a"}}, "a; b"},
		{map[int][]string{0: {"x", "y"}, 1: {"free text"}}, "x, y; free text"},
	} {
		if got := flattenAnswers(tc.in); got != tc.want {
			t.Errorf("flattenAnswers(%v) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
