package session

import (
	"strings"
	"testing"

	"github.com/specwright/specwright/internal/chat"
	"github.com/specwright/specwright/internal/llm"
)

func TestRecapCarriesTheInterviewAndTheNewInput(t *testing.T) {
	msgs := []chat.Message{
		{Role: chat.RoleUser, Hidden: true, Content: []chat.Block{chat.TextBlock("Begin the spec creation process.")}},
		{Role: chat.RoleAssistant, Content: []chat.Block{chat.TextBlock("What shall we build?")}},
		{Role: chat.RoleUser, Content: []chat.Block{chat.TextBlock("A recipe box"), {Type: chat.BlockImage, Data: "AAAA"}}},
		{Role: chat.RoleAssistant, Content: []chat.Block{use("q1", "AskUserQuestion", askInput)}},
	}
	qs := []chat.Question{{Question: "Which?", Options: []chat.Option{{Label: "A"}, {Label: "B"}}}}
	req := recap(llm.AgentRequest{Key: "7", Answer: &llm.AgentAnswer{ToolID: "q1", Questions: qs, Answers: [][]string{{"B"}}}}, msgs)
	if req.Answer != nil || len(req.Message) != 2 || req.Key != "7" {
		t.Fatalf("req = %+v", req)
	}
	text := req.Message[0].Text
	for _, want := range []string{"You: What shall we build?", "User: A recipe box", "asked a question"} {
		if !strings.Contains(text, want) {
			t.Errorf("recap lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "Begin the spec") || strings.Contains(text, "AAAA") {
		t.Errorf("recap carries hidden messages or image data:\n%s", text)
	}
	if !strings.Contains(req.Message[1].Text, "A: B") {
		t.Errorf("the answer is missing: %+v", req.Message[1])
	}
}
