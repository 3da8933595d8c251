package llmtest_test

import (
	"bufio"
	"fmt"
	"net/http"
	"strings"

	"github.com/specwright/specwright/internal/llm/llmtest"
)

// A test points its client at the fake's URL and scripts the answers; here
// a bare HTTP client shows the events of the first answer. In a test, use
// NewAnthropic(t, …), which closes the fake and reports its problems.
func Example() {
	fake := llmtest.StartAnthropic(llmtest.Script(
		llmtest.Text("Hello", "!"),
		llmtest.Status(529, "overloaded_error", "Overloaded"),
	))
	defer fake.Close()

	body := `{"model":"claude-sonnet-5-5","max_tokens":64,"stream":true,"messages":[{"role":"user","content":"Hi"}]}`
	res, err := http.Post(fake.URL+"/v1/messages", "application/json", strings.NewReader(body))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer res.Body.Close()
	sc := bufio.NewScanner(res.Body)
	for sc.Scan() {
		if name, ok := strings.CutPrefix(sc.Text(), "event: "); ok {
			fmt.Println(name)
		}
	}
	fmt.Println(fake.Requests()[0].LastUserText(), fake.TakeProblems())
	// Output:
	// message_start
	// ping
	// content_block_start
	// content_block_delta
	// ping
	// content_block_delta
	// content_block_stop
	// message_delta
	// message_stop
	// Hi []
}

// A Handler can answer from the request, as a fake model would; StreamError
// built from a slice of Text's events fails after the first words.
func ExampleHandler() {
	fake := llmtest.StartAnthropic(func(call int, req llmtest.Request) llmtest.Response {
		if strings.Contains(req.LastUserText(), "write") {
			return llmtest.Tools("", llmtest.ToolCall{Name: "Write", Input: map[string]string{"file_path": "spec.md"}})
		}
		if call > 0 {
			return llmtest.StreamError("overloaded_error", "Overloaded", llmtest.Text("Half an ans", "wer").Events[:4]...)
		}
		return llmtest.Text("What are we building?")
	})
	defer fake.Close()
	fmt.Println(fake.URL != "")
	// Output: true
}
