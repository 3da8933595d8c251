package anthropic_test

import (
	"context"
	"fmt"

	"github.com/specwright/specwright/internal/chat"
	"github.com/specwright/specwright/internal/llm"
	"github.com/specwright/specwright/internal/llm/anthropic"
	"github.com/specwright/specwright/internal/llm/llmtest"
	"github.com/specwright/specwright/internal/secret"
)

// One round trip against the fake API: text is handed over as it streams,
// and the reply holds the text and tool calls. With the real API, leave
// BaseURL empty and pass the key from ANTHROPIC_API_KEY.
func ExampleProvider_Stream() {
	fake := llmtest.StartAnthropic(llmtest.Script(llmtest.Tools("Let me read it.",
		llmtest.ToolCall{ID: "toolu_1", Name: "Read", Input: map[string]string{"file_path": "spec.md"}})))
	defer fake.Close()

	p := anthropic.New(anthropic.Config{APIKey: secret.New("sk-ant-example"), BaseURL: fake.URL})
	reply, err := p.Stream(context.Background(), llm.Request{
		System:   "You help write specs.",
		Messages: []chat.Message{{Role: chat.RoleUser, Content: []chat.Block{chat.TextBlock("Check spec.md")}}},
		Tools:    []llm.ToolSpec{{Name: "Read", Schema: []byte(`{"type":"object","properties":{"file_path":{"type":"string"}},"required":["file_path"]}`)}},
	}, func(text string) { fmt.Printf("streamed %q\n", text) })
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, b := range reply.Content[1:] {
		fmt.Println(b.Type, b.Name, string(b.Input))
	}
	fmt.Println(reply.StopReason)
	// Output:
	// streamed "Let me "
	// streamed "read it."
	// tool_use Read {"file_path":"spec.md"}
	// tool_use
}

// Failures are *llm.Error values whose Kind says what to do and whose
// Message can be shown to the user.
func ExampleNew_errors() {
	fake := llmtest.StartAnthropic(llmtest.Script(llmtest.Status(401, "authentication_error", "invalid x-api-key")))
	defer fake.Close()

	p := anthropic.New(anthropic.Config{APIKey: secret.New("sk-ant-wrong"), BaseURL: fake.URL})
	_, err := p.Stream(context.Background(), llm.Request{
		Messages: []chat.Message{{Role: chat.RoleUser, Content: []chat.Block{chat.TextBlock("Hi")}}},
	}, nil)
	if e, ok := llm.AsError(err); ok {
		fmt.Println(e.Kind, "-", e.Message)
	}
	// Output: auth - Anthropic rejected the API key (401). Check ANTHROPIC_API_KEY.
}
