package guided_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/specwright/specwright/internal/chat"
	"github.com/specwright/specwright/internal/llm"
	"github.com/specwright/specwright/internal/llm/guided"
	"github.com/specwright/specwright/internal/prompt"
	"github.com/specwright/specwright/internal/tool"
)

func ExampleNew() {
	var p llm.Provider = guided.New()
	fmt.Printf("provider %q, model %q\n", p.Name(), p.Model())
	// Output: provider "guided", model ""
}

// The engine sends the hidden kick-off, then the user's overview; the
// second reply asks the first structured question.
func ExampleProvider_Stream() {
	p := guided.New()
	req := llm.Request{Project: "budget-buddy", Messages: []chat.Message{
		{Role: chat.RoleUser, Hidden: true, Content: []chat.Block{chat.TextBlock(prompt.Kickoff)}},
	}}
	var streamed strings.Builder
	reply, err := p.Stream(context.Background(), req, func(s string) { streamed.WriteString(s) })
	if err != nil {
		panic(err)
	}
	first, _, _ := strings.Cut(streamed.String(), ":")
	fmt.Println(first)

	req.Messages = append(req.Messages,
		chat.Message{Role: chat.RoleAssistant, Content: reply.Content},
		chat.Message{Role: chat.RoleUser, Content: []chat.Block{chat.TextBlock("A shared budget for households.")}})
	reply, err = p.Stream(context.Background(), req, nil)
	if err != nil {
		panic(err)
	}
	for _, b := range reply.Content {
		if b.Type == chat.BlockToolUse {
			qs, _ := tool.ParseAsk(b.Input)
			fmt.Println(b.Name, qs[0].Header, len(qs[0].Options), "options,", reply.StopReason)
		}
	}
	// Output:
	// Hello! This is specwright's guided mode
	// AskUserQuestion Involvement 2 options, tool_use
}
