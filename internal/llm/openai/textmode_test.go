package openai

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/specwright/specwright/internal/chat"
	"github.com/specwright/specwright/internal/llm"
	"github.com/specwright/specwright/internal/llm/llmtest"
)

type file struct{ path, content string }

func TestFileFilter(t *testing.T) {
	for _, tc := range []struct {
		name  string
		in    string
		shown string
		files []file
	}{
		{"plain text", "Hello.\nWhat shall we build?", "Hello.\nWhat shall we build?", nil},
		{"one block",
			"Here it is:\n\n````file:prompts/app_spec.txt\n<a>\n  x &amp; y\n</a>\n````\n\nDone.",
			"Here it is:\n\n\nDone.",
			[]file{{"prompts/app_spec.txt", "<a>\n  x &amp; y\n</a>\n"}}},
		{"two blocks, other spellings",
			"~~~file=a.txt\nA\n~~~\n```xml file: b/c.md\nB\n```\n``` path:d.md\nD\n````\nend\n",
			"end\n",
			[]file{{"a.txt", "A\n"}, {"b/c.md", "B\n"}, {"d.md", "D\n"}}},
		{"an ordinary code block is text", "Like this:\n```json\n{\"a\": 1}\n```\n", "Like this:\n```json\n{\"a\": 1}\n```\n", nil},
		{"code blocks inside a three-backtick block",
			"```file:README.md\n# Title\n```bash\nmake\n```\nafter\n```\nbye",
			"bye",
			[]file{{"README.md", "# Title\n```bash\nmake\n```\nafter\n"}}},
		{"bare fences inside a four-backtick block",
			"````file:x.md\n```\ncode\n```\n````\n",
			"",
			[]file{{"x.md", "```\ncode\n```\n"}}},
		{"a longer closing fence", "````file:x\nA\n``````\nok", "ok", []file{{"x", "A\n"}}},
		{"an indented fence opens, four spaces do not", "   ````file:x\nA\n   ````\n    ````file:y\n", "    ````file:y\n", []file{{"x", "A\n"}}},
		{"a fence in the middle of a line", "Write ```file:x``` like this.\n", "Write ```file:x``` like this.\n", nil},
		{"an empty file", "````file:empty.txt\n````\n", "", []file{{"empty.txt", ""}}},
		{"a block left open is text", "Start:\n````file:x.md\nhalf a", "Start:\n````file:x.md\nhalf a", nil},
		{"quoted path", "````file:\"docs/a b.md\"\nA\n````", "", nil},
		{"quoted path without spaces", "````file:'docs/a.md'\nA\n````", "", []file{{"docs/a.md", "A\n"}}},
	} {
		for _, size := range []int{1, 3, 7, 1 << 20} {
			f := &fileFilter{}
			var streamed strings.Builder
			f.out = func(s string) { streamed.WriteString(s) }
			for s := tc.in; s != ""; {
				n := min(size, len(s))
				f.write(s[:n])
				s = s[n:]
			}
			f.flush()
			var got []file
			for _, b := range f.files {
				got = append(got, file{b.path, b.content.String()})
			}
			if tc.name == "quoted path" {
				// "docs/a b.md" has a space: the path is the first word, quotes trimmed.
				tc.files = []file{{"docs/a", "A\n"}}
			}
			if f.shown.String() != tc.shown || streamed.String() != tc.shown || !equalFiles(got, tc.files) {
				t.Errorf("%s (pieces of %d):\nshown %q\n want %q\nfiles %q\n want %q", tc.name, size, f.shown.String(), tc.shown, got, tc.files)
			}
		}
	}
}

func equalFiles(a, b []file) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// Text is passed on as it streams; only a line that may open a block is
// held until it ends.
func TestFileFilterStreams(t *testing.T) {
	var out []string
	f := &fileFilter{out: func(s string) { out = append(out, s) }}
	f.write("Hello, ")
	if strings.Join(out, "") != "Hello, " {
		t.Fatalf("held back: %q", out)
	}
	f.write("world.\n``")
	if strings.Join(out, "") != "Hello, world.\n" {
		t.Fatalf("after a possible fence: %q", out)
	}
	f.write("`python\n")
	if strings.Join(out, "") != "Hello, world.\n```python\n" {
		t.Fatalf("an ordinary fence: %q", out)
	}
	f.write("````file:a\nsecret content")
	if strings.Join(out, "") != "Hello, world.\n```python\n" {
		t.Fatalf("file content shown: %q", out)
	}
}

func withFiles(text string, files ...file) string {
	var b strings.Builder
	b.WriteString(text)
	for _, f := range files {
		b.WriteString("\n\n````file:" + f.path + "\n" + f.content + "````\n")
	}
	return b.String()
}

// A model that cannot call tools still writes files: the server's
// refusal switches the provider to text mode, whose file blocks come
// back as Write calls.
func TestTextModeFallback(t *testing.T) {
	for _, refusal := range []string{
		`registry.ollama.ai/library/gemma3:1b does not support tools`,
		`"auto" tool choice requires --enable-auto-tool-choice and --tool-call-parser to be set`,
		`tools param requires --jinja flag`,
	} {
		t.Run(refusal[:20], func(t *testing.T) {
			fake := llmtest.NewOpenAI(t, func(call int, req llmtest.OpenAIRequest) llmtest.OpenAIResponse {
				if len(req.Tools) > 0 {
					return llmtest.OpenAIStatus(400, "", refusal)
				}
				if call == 1 {
					reply := withFiles("Writing both files.", file{"prompts/app_spec.txt", "<spec/>\n"}, file{"prompts/initializer_prompt.md", "# Go\n"})
					return llmtest.OpenAIText(reply[:30], reply[30:70], reply[70:])
				}
				return llmtest.OpenAIText("Which colour?\n1. Red\n2. Blue")
			})
			p := newProvider(fake)
			reply, deltas, err := stream(t, p, withTools(hello()))
			if err != nil {
				t.Fatal(err)
			}
			if !p.TextMode() {
				t.Error("not in text mode")
			}
			shown := strings.Join(deltas, "")
			if strings.Contains(shown, "<spec/>") || !strings.HasPrefix(shown, "Writing both files.") {
				t.Errorf("streamed %q", shown)
			}
			want := []chat.Block{
				chat.TextBlock(shown),
				{Type: chat.BlockToolUse, Name: "Write", Input: json.RawMessage(`{"content":"<spec/>\n","file_path":"prompts/app_spec.txt"}`)},
				{Type: chat.BlockToolUse, Name: "Write", Input: json.RawMessage(`{"content":"# Go\n","file_path":"prompts/initializer_prompt.md"}`)},
			}
			if len(reply.Content) != 3 || reply.StopReason != llm.StopToolUse {
				t.Fatalf("reply %s %s", blocksJSON(reply.Content), reply.StopReason)
			}
			for i := range want {
				got := reply.Content[i]
				if got.Type != want[i].Type || got.Text != want[i].Text || got.Name != want[i].Name || string(got.Input) != string(want[i].Input) {
					t.Errorf("block %d = %s, want %s", i, blocksJSON([]chat.Block{got}), blocksJSON(want[i:i+1]))
				}
			}
			if reply.Content[1].ID == "" || reply.Content[1].ID == reply.Content[2].ID {
				t.Errorf("ids %q %q", reply.Content[1].ID, reply.Content[2].ID)
			}

			// The next round trip goes straight to text mode, with the
			// calls and their results rendered as text.
			next := withTools(hello())
			next.Messages = append(next.Messages,
				chat.Message{Role: chat.RoleAssistant, Content: reply.Content},
				chat.Message{Role: chat.RoleUser, Content: []chat.Block{
					chat.ToolResult(reply.Content[1].ID, "Wrote prompts/app_spec.txt (1 line).", false),
					chat.ToolResult(reply.Content[2].ID, "No space left.", true),
				}},
			)
			if _, _, err := stream(t, p, next); err != nil {
				t.Fatal(err)
			}
			reqs := fake.Requests()
			if len(reqs) != 3 || len(reqs[0].Tools) == 0 || reqs[1].Tools != nil || reqs[2].Tools != nil || reqs[1].ToolChoice != "" {
				t.Fatalf("%d requests; tools %v %v", len(reqs), reqs[0].Tools, reqs[1].Tools)
			}
			if !strings.HasPrefix(reqs[1].System, "You write specs.\n\n# No tools in this conversation") || !strings.Contains(reqs[1].System, "````file:prompts/app_spec.txt") {
				t.Errorf("system prompt:\n%s", reqs[1].System)
			}
			msgs, _ := json.Marshal(reqs[2].Messages[2:])
			wantMsgs := `[{"content":"` + jsonEscape(shown) + `\n\n` + "````" + `file:prompts/app_spec.txt\n\u003cspec/\u003e\n` + "````" + `\n\n` + "````" + `file:prompts/initializer_prompt.md\n# Go\n` + "````" + `","role":"assistant"},` +
				`{"content":"(Write prompts/app_spec.txt: Wrote prompts/app_spec.txt (1 line).)\n\n(Write prompts/initializer_prompt.md failed: No space left.)","role":"user"}]`
			if string(msgs) != wantMsgs {
				t.Errorf("history:\n got %s\nwant %s", msgs, wantMsgs)
			}
		})
	}
}

func jsonEscape(s string) string {
	b, _ := json.Marshal(s)
	return string(b[1 : len(b)-1])
}

// A request without tools is never in text mode, and text mode keeps
// other calls and images.
func TestTextModeMessages(t *testing.T) {
	msgs, err := textModeMessages([]chat.Message{
		{Role: chat.RoleUser, Content: []chat.Block{chat.TextBlock("See:"), {Type: chat.BlockImage, MediaType: "image/jpeg", Data: "AAAA"}, chat.TextBlock("ok?")}},
		{Role: chat.RoleAssistant, Content: []chat.Block{
			{Type: chat.BlockToolUse, ID: "r", Name: "Read", Input: json.RawMessage(`{"file_path":"a"}`)},
			{Type: chat.BlockToolUse, ID: "w", Name: "Write", Input: json.RawMessage("{\"file_path\":\"f.md\",\"content\":\"````\\ncode\\n````\"}")},
		}},
		{Role: chat.RoleUser, Content: []chat.Block{chat.ToolResult("r", "text", false), chat.ToolResult("zz", "orphan", false)}},
	})
	if err != nil {
		t.Fatal(err)
	}
	got, _ := json.Marshal(msgs)
	want := `[{"role":"user","content":[{"type":"text","text":"See:"},{"type":"image_url","image_url":{"url":"data:image/jpeg;base64,AAAA"}},{"type":"text","text":"ok?"}]},` +
		`{"role":"assistant","content":"(called Read with {\"file_path\":\"a\"})\n\n` + "`````" + `file:f.md\n` + "````" + `\ncode\n` + "````" + `\n` + "`````" + `"},` +
		`{"role":"user","content":"(Read a: text)\n\n(the call: orphan)"}]`
	if string(got) != want {
		t.Errorf("messages:\n got %s\nwant %s", got, want)
	}

	// Without tools in the request there is nothing to fall back from.
	fake := llmtest.NewOpenAI(t, llmtest.OpenAIScript(llmtest.OpenAIText("````file:x\nA\n````")))
	p := newProvider(fake)
	p.quirks.noTools = true
	reply, _, err := stream(t, p, hello())
	if err != nil || len(reply.Content) != 1 || reply.Content[0].Type != chat.BlockText {
		t.Errorf("reply %s, %v", blocksJSON(reply.Content), err)
	}
	if strings.Contains(fake.Requests()[0].System, "No tools") {
		t.Error("text-mode instructions without tools")
	}
}
