package openai_test

import (
	"context"
	"fmt"

	"github.com/specwright/specwright/internal/chat"
	"github.com/specwright/specwright/internal/llm"
	"github.com/specwright/specwright/internal/llm/llmtest"
	"github.com/specwright/specwright/internal/llm/openai"
	"github.com/specwright/specwright/internal/secret"
)

// One round trip against the fake server: text is handed over as it
// streams, and the reply holds the text and the tool calls. For OpenAI
// itself leave BaseURL empty and pass the key from OPENAI_API_KEY; for
// Ollama use BaseURL http://127.0.0.1:11434/v1 and no key.
func ExampleProvider_Stream() {
	fake := llmtest.StartOpenAI(llmtest.OpenAIScript(llmtest.OpenAITools("Let me read it.",
		llmtest.ToolCall{ID: "call_1", Name: "Read", Input: map[string]string{"file_path": "spec.md"}})))
	defer fake.Close()

	p := openai.New(openai.Config{APIKey: secret.New("sk-example"), BaseURL: fake.URL, Model: "gpt-example"})
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
		fmt.Println(b.Type, b.ID, b.Name, string(b.Input))
	}
	fmt.Println(reply.StopReason)
	// Output:
	// streamed "Let me "
	// streamed "read it."
	// tool_use call_1 Read {"file_path":"spec.md"}
	// tool_use
}

// Failures are *llm.Error values whose Kind says what to do and whose
// Message can be shown to the user.
func ExampleNew_errors() {
	fake := llmtest.StartOpenAI(llmtest.OpenAIScript(llmtest.OpenAIStatus(401, "invalid_api_key", "Incorrect API key provided")))
	defer fake.Close()

	p := openai.New(openai.Config{APIKey: secret.New("sk-wrong"), BaseURL: "https://api.openai.com/v1", HTTPClient: fake.Client()})
	_, err := p.Stream(context.Background(), llm.Request{
		Messages: []chat.Message{{Role: chat.RoleUser, Content: []chat.Block{chat.TextBlock("Hi")}}},
	}, nil)
	if e, ok := llm.AsError(err); ok {
		fmt.Println(e.Kind, "-", e.Message)
	}
	// Output: auth - OpenAI rejected the API key (401). Check OPENAI_API_KEY.
}

// A model that cannot call tools writes files as fenced blocks instead;
// they come back as Write calls that the session engine runs as usual.
func ExampleProvider_TextMode() {
	fake := llmtest.StartOpenAI(func(call int, req llmtest.OpenAIRequest) llmtest.OpenAIResponse {
		if len(req.Tools) > 0 {
			return llmtest.OpenAIStatus(400, "", "registry.ollama.ai/library/gemma3:1b does not support tools")
		}
		return llmtest.OpenAIText("Here it is.\n\n````file:notes/todo.md\n- buy milk\n````\n")
	})
	defer fake.Close()

	p := openai.New(openai.Config{BaseURL: fake.URL, Model: "gemma3:1b"})
	reply, err := p.Stream(context.Background(), llm.Request{
		Messages: []chat.Message{{Role: chat.RoleUser, Content: []chat.Block{chat.TextBlock("Write my list")}}},
		Tools:    []llm.ToolSpec{{Name: "Write"}},
	}, func(text string) { fmt.Printf("streamed %q\n", text) })
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(p.TextMode(), reply.Content[1].Name, string(reply.Content[1].Input))
	// Output:
	// streamed "Here it is.\n\n"
	// true Write {"content":"- buy milk\n","file_path":"notes/todo.md"}
}

// ListModels shows what a server offers; specwright uses it to pick a
// local Ollama's first model.
func ExampleListModels() {
	fake := llmtest.StartOpenAI(nil)
	defer fake.Close()
	fake.SetModels("llama3.2:latest", "qwen3:8b")

	ids, err := openai.ListModels(context.Background(), fake.URL, "", nil)
	fmt.Println(ids, err)
	// Output: [llama3.2:latest qwen3:8b] <nil>
}
