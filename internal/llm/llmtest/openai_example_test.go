package llmtest_test

import (
	"bufio"
	"fmt"
	"net/http"
	"strings"

	"github.com/specwright/specwright/internal/llm/llmtest"
)

// An OpenAI client gets the fake's URL as its base URL; here a bare HTTP
// client shows the data lines of an Ollama-style answer, whose two calls
// both carry index 0. In a test, use NewOpenAI(t, …), which closes the
// fake and reports its problems.
func ExampleOllamaTools() {
	fake := llmtest.StartOpenAI(llmtest.OpenAIScript(llmtest.OllamaTools("",
		llmtest.ToolCall{ID: "call_1", Name: "Write", Input: map[string]string{"file_path": "a.md"}},
		llmtest.ToolCall{ID: "call_2", Name: "Write", Input: map[string]string{"file_path": "b.md"}},
	)))
	defer fake.Close()

	body := `{"model":"llama3.2","stream":true,"messages":[{"role":"user","content":"Write both"}]}`
	res, err := http.Post(fake.URL+"/chat/completions", "application/json", strings.NewReader(body))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer res.Body.Close()
	sc := bufio.NewScanner(res.Body)
	for sc.Scan() {
		if data, ok := strings.CutPrefix(sc.Text(), "data: "); ok {
			if _, choices, ok := strings.Cut(data, `"choices":`); ok {
				data = choices
			}
			fmt.Println(data)
		}
	}
	fmt.Println(fake.Requests()[0].Model, fake.TakeProblems())
	// Output:
	// [{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}]}
	// [{"index":0,"delta":{"tool_calls":[{"index":0,"id":"call_1","type":"function","function":{"name":"Write","arguments":"{\"file_path\":\"a.md\"}"}},{"index":0,"id":"call_2","type":"function","function":{"name":"Write","arguments":"{\"file_path\":\"b.md\"}"}}]},"logprobs":null,"finish_reason":null}]}
	// [{"index":0,"delta":{},"logprobs":null,"finish_reason":"tool_calls"}]}
	// [DONE]
	// llama3.2 []
}

// A handler answers from the request, as a fake model would: here a
// server whose model cannot call tools, as Ollama answers for one.
func ExampleOpenAIHandler() {
	fake := llmtest.StartOpenAI(func(call int, req llmtest.OpenAIRequest) llmtest.OpenAIResponse {
		if len(req.Tools) > 0 {
			return llmtest.OpenAIStatus(400, "", `registry.ollama.ai/library/gemma3:1b does not support tools`)
		}
		return llmtest.OpenAIText("What would you like to build?")
	})
	defer fake.Close()
	fmt.Println(strings.HasSuffix(fake.URL, "/v1"))
	// Output: true
}
