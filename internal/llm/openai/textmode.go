package openai

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/specwright/specwright/internal/chat"
	"github.com/specwright/specwright/internal/llm"
)

// writeTool is the tool that text mode's file blocks become: the
// session engine's Write, {file_path, content}.
const writeTool = "Write"

// textModeInstructions end the system prompt of a model that cannot call
// tools.
const textModeInstructions = `# No tools in this conversation

This model cannot call tools here, so the tools named above are replaced by two text conventions:

- Ask every question in plain text. Where the instructions say to use AskUserQuestion, write the question with its options as a numbered list, say which one you recommend, and stop: the user answers in the next message.
- To write a file, where the instructions say to use Write or Edit, put the file's complete content in a fenced block with four backticks whose opening line is file: followed by the path relative to the project folder, and nothing else on the opening and closing lines:

` + "````" + `file:prompts/app_spec.txt
<project_specification>
...
</project_specification>
` + "````" + `

Write one block per file, always the whole file, also to change it. Each block is saved to its file, and the result comes back in the next message. Do not show file content in any other way, and do not put a file block inside another code block. Reading files is not possible: what you wrote is in this conversation.`

// fileFilter takes the streamed text of a text-mode reply, passes on
// everything but the file blocks, and collects those.
type fileFilter struct {
	out     func(string) // onText; may be nil
	shown   strings.Builder
	pending strings.Builder // passed on at the end of write

	line      strings.Builder // the current line, held back
	lineShown bool            // the start of the current line was passed on
	block     *fileBlock      // the block being read
	files     []fileBlock
}

type fileBlock struct {
	opener  string // the opening line, for a block left open
	char    byte   // '`' or '~'
	length  int    // of the opening fence
	path    string
	depth   int // code blocks opened inside and not yet closed
	content strings.Builder
}

// write takes the next piece of streamed text and passes on, in one
// piece, what of it is not held back.
func (f *fileFilter) write(s string) {
	defer f.send()
	for s != "" {
		i := strings.IndexByte(s, '\n')
		if i < 0 {
			f.partial(s)
			return
		}
		f.partial(s[:i])
		f.endLine()
		s = s[i+1:]
	}
}

// partial takes text of the current line. Outside a block, text is
// passed on at once unless the line so far could still be the opening
// line of a file block.
func (f *fileFilter) partial(s string) {
	switch {
	case f.block != nil:
		f.line.WriteString(s)
	case f.lineShown:
		f.emit(s)
	default:
		f.line.WriteString(s)
		if !couldOpen(f.line.String()) {
			f.emit(f.line.String())
			f.line.Reset()
			f.lineShown = true
		}
	}
}

func (f *fileFilter) endLine() {
	line := f.line.String()
	f.line.Reset()
	if b := f.block; b != nil {
		char, n, info := fence(line)
		switch {
		case char == b.char && n >= b.length && info == "" && b.depth == 0:
			f.files = append(f.files, fileBlock{path: b.path, content: b.content})
			f.block = nil
			return
		case char == b.char && n >= b.length && info == "":
			b.depth--
		case char == b.char && n >= b.length && info != "":
			b.depth++ // a code block inside, which a model may nest despite the longer fence asked for
		}
		b.content.WriteString(line + "\n")
		return
	}
	if f.lineShown {
		f.emit("\n")
		f.lineShown = false
		return
	}
	if char, n, path := opener(line); path != "" {
		f.block = &fileBlock{opener: line, char: char, length: n, path: path}
		return
	}
	f.emit(line + "\n")
}

// flush ends the stream: a block left open is passed on as text, not
// written.
func (f *fileFilter) flush() {
	if b := f.block; b != nil && b.depth == 0 {
		// The closing fence may end the reply without a newline.
		if char, n, info := fence(f.line.String()); char == b.char && n >= b.length && info == "" {
			f.endLine()
		}
	}
	if b := f.block; b != nil {
		f.emit(b.opener + "\n" + b.content.String() + f.line.String())
		f.block = nil
	} else if !f.lineShown {
		f.emit(f.line.String())
	}
	f.line.Reset()
	f.send()
}

func (f *fileFilter) emit(s string) {
	f.shown.WriteString(s)
	f.pending.WriteString(s)
}

func (f *fileFilter) send() {
	if f.pending.Len() > 0 && f.out != nil {
		f.out(f.pending.String())
	}
	f.pending.Reset()
}

// reply replaces the text of r, which still holds the file blocks, with
// the text passed on, and adds a Write call per file block.
func (f *fileFilter) reply(r llm.Reply) llm.Reply {
	var content []chat.Block
	if strings.TrimSpace(f.shown.String()) != "" {
		content = append(content, chat.TextBlock(f.shown.String()))
	}
	for _, b := range r.Content {
		if b.Type != chat.BlockText {
			content = append(content, b) // calls the model made although it was offered none
		}
	}
	for _, file := range f.files {
		input := marshalRaw(map[string]string{"file_path": file.path, "content": file.content.String()})
		content = append(content, chat.Block{Type: chat.BlockToolUse, ID: newCallID(), Name: writeTool, Input: input})
	}
	r.Content = content
	if len(f.files) > 0 {
		r.StopReason = llm.StopToolUse
	}
	return r
}

// marshalRaw encodes v as JSON without escaping <, > and &, which spec
// files are full of.
func marshalRaw(v any) json.RawMessage {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v) // maps of strings always encode
	return json.RawMessage(bytes.TrimRight(b.Bytes(), "\n"))
}

// couldOpen reports whether a line that begins with s could be the
// opening line of a file block: up to three spaces, then a fence
// character, or three or more of them.
func couldOpen(s string) bool {
	t := strings.TrimLeft(s, " ")
	if len(s)-len(t) > 3 {
		return false
	}
	if t == "" {
		return true
	}
	if t[0] != '`' && t[0] != '~' {
		return false
	}
	n := 0
	for n < len(t) && t[n] == t[0] {
		n++
	}
	return n == len(t) || n >= 3
}

// fence splits a fence line: its character, its length and its info
// string. A line that is not a fence gives a zero char.
func fence(line string) (char byte, n int, info string) {
	t := strings.TrimLeft(line, " ")
	if len(line)-len(t) > 3 || t == "" || (t[0] != '`' && t[0] != '~') {
		return 0, 0, ""
	}
	for n < len(t) && t[n] == t[0] {
		n++
	}
	if n < 3 {
		return 0, 0, ""
	}
	info = strings.TrimSpace(t[n:])
	if t[0] == '`' && strings.Contains(info, "`") {
		return 0, 0, "" // not a fence in CommonMark
	}
	return t[0], n, info
}

// opener reads the opening line of a file block: a fence whose info
// string has a word file:PATH (or file=PATH, or file: PATH), perhaps
// after a language name. path is "" for any other line.
func opener(line string) (char byte, n int, path string) {
	char, n, info := fence(line)
	if char == 0 {
		return 0, 0, ""
	}
	words := strings.Fields(info)
	for i, w := range words {
		lw := strings.ToLower(w)
		for _, prefix := range []string{"file:", "file=", "path:", "path="} {
			if !strings.HasPrefix(lw, prefix) {
				continue
			}
			p := w[len(prefix):]
			if p == "" && i+1 < len(words) {
				p = words[i+1]
			}
			p = strings.Trim(p, "\"'")
			if p != "" {
				return char, n, p
			}
		}
	}
	return 0, 0, ""
}

// textModeMessages renders the conversation for a model without tools:
// Write calls as the file blocks it would have written, other calls and
// all results as text.
func textModeMessages(in []chat.Message) ([]wireMessage, error) {
	calls := map[string]chat.Block{} // tool_use by id, to name results
	var out []wireMessage
	for i, m := range in {
		var texts []string
		var parts []wirePart
		images := false
		for _, b := range m.Content {
			switch b.Type {
			case chat.BlockText:
				if b.Text != "" {
					texts = append(texts, b.Text)
				}
			case chat.BlockToolUse:
				calls[b.ID] = b
				texts = append(texts, renderCall(b))
			case chat.BlockToolResult:
				texts = append(texts, renderResult(b, calls[b.ToolUseID]))
			case chat.BlockImage:
				part, err := imagePart(b)
				if err != nil {
					return nil, fmt.Errorf("message %d: %w", i, err)
				}
				if len(texts) > 0 {
					parts = append(parts, wirePart{Type: "text", Text: strings.Join(texts, "\n\n")})
					texts = nil
				}
				parts = append(parts, part)
				images = true
			default:
				return nil, fmt.Errorf("message %d: unknown block type %q", i, b.Type)
			}
		}
		role := "user"
		if m.Role == chat.RoleAssistant {
			role = "assistant"
		}
		switch {
		case images:
			if len(texts) > 0 {
				parts = append(parts, wirePart{Type: "text", Text: strings.Join(texts, "\n\n")})
			}
			out = append(out, wireMessage{Role: role, Content: parts})
		case len(texts) > 0:
			out = append(out, wireMessage{Role: role, Content: strings.Join(texts, "\n\n")})
		}
	}
	return out, nil
}

// renderCall shows a tool call in text: a Write as its file block.
func renderCall(b chat.Block) string {
	var in struct {
		FilePath *string `json:"file_path"`
		Content  *string `json:"content"`
	}
	if b.Name == writeTool && json.Unmarshal(b.Input, &in) == nil && in.FilePath != nil && in.Content != nil {
		content := *in.Content
		if content != "" && !strings.HasSuffix(content, "\n") {
			content += "\n"
		}
		f := strings.Repeat("`", longestFence(content)+1)
		return f + "file:" + *in.FilePath + "\n" + content + f
	}
	return fmt.Sprintf("(called %s with %s)", b.Name, compact(b.Input))
}

// longestFence is the length of the longest run of backticks that opens a
// line of s, at least three.
func longestFence(s string) int {
	n := 3
	for line := range strings.SplitSeq(s, "\n") {
		t := strings.TrimLeft(line, " ")
		k := 0
		for k < len(t) && t[k] == '`' {
			k++
		}
		n = max(n, k)
	}
	return n
}

func renderResult(b chat.Block, call chat.Block) string {
	what := "the call"
	if call.Name != "" {
		what = call.Name
		var in struct {
			FilePath string `json:"file_path"`
		}
		if json.Unmarshal(call.Input, &in) == nil && in.FilePath != "" {
			what += " " + in.FilePath
		}
	}
	if b.IsError {
		return fmt.Sprintf("(%s failed: %s)", what, b.Text)
	}
	return fmt.Sprintf("(%s: %s)", what, b.Text)
}
