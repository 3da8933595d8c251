package tool

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/specwright/specwright/internal/chat"
	"github.com/specwright/specwright/internal/sandbox"
)

// Read output bounds.
const (
	DefaultReadLines = 2000       // lines shown when no limit is given
	MaxLineChars     = 2000       // longer lines are cut
	MaxReadOutput    = 128 * 1024 // bytes of numbered output per call
)

type readTool struct{}

// Read returns the Read tool: {file_path, offset?, limit?}. It shows a
// text file with numbered lines, like cat -n.
func Read() Tool { return readTool{} }

func (readTool) Spec() chat.ToolSpec {
	return chat.ToolSpec{
		Name: ReadName,
		Description: "Read a text file in the project folder. file_path is relative to the project folder " +
			"(for example prompts/app_spec.txt) or an absolute path inside it. " +
			"The output numbers the lines like `cat -n`: the line number, a tab, then the line; the numbers are not part of the file. " +
			"Up to 2000 lines are shown from the start; for longer files pass offset (the first line to show, counting from 1) and limit (how many lines). " +
			"Lines longer than 2000 characters are cut. Binary files, very large files and paths outside the project folder are refused.",
		Schema: json.RawMessage(readSchema),
	}
}

const readSchema = `{
  "type": "object",
  "properties": {
    "file_path": {"type": "string", "description": "The file to read: relative to the project folder (e.g. prompts/app_spec.txt) or absolute inside it."},
    "offset": {"type": "integer", "minimum": 1, "description": "The line number to start from, counting from 1. Only needed for files too long to read at once."},
    "limit": {"type": "integer", "minimum": 1, "description": "The number of lines to read. Defaults to 2000."}
  },
  "required": ["file_path"],
  "additionalProperties": false
}`

type readInput struct {
	FilePath *string `json:"file_path"`
	Offset   intArg  `json:"offset"`
	Limit    intArg  `json:"limit"`
}

func (readTool) Run(ctx context.Context, dir *sandbox.Dir, input json.RawMessage) Result {
	if r, ok := precheck(ctx, dir); !ok {
		return r
	}
	in := readInput{Offset: intArg{field: "offset"}, Limit: intArg{field: "limit"}}
	if r := decode(ReadName, input, &in); r != nil {
		return *r
	}
	if r := required(ReadName, &in, "file_path", in.FilePath, false); r != nil {
		return *r
	}
	offset, limit := 1, DefaultReadLines
	if in.Offset.set {
		if in.Offset.value < 0 {
			return errorf("Invalid input for Read: offset must be 1 or more (the first line is 1).")
		}
		offset = max(in.Offset.value, 1) // 0 is read as "from the start"
	}
	if in.Limit.set {
		if in.Limit.value < 1 {
			return errorf("Invalid input for Read: limit must be 1 or more.")
		}
		limit = in.Limit.value
	}
	rel, err := dir.Rel(*in.FilePath)
	if err != nil {
		return failure("read", err)
	}
	data, err := dir.ReadFile(rel)
	if err != nil {
		return failure("read", err)
	}
	if len(data) == 0 {
		return Result{Content: fmt.Sprintf("The file %s exists but is empty.", rel)}
	}
	if looksBinary(data) {
		return errorf("%s looks like a binary file (%d bytes); Read shows text files only.", rel, len(data))
	}
	out, ok := numberLines(rel, string(data), offset, limit)
	return Result{Content: out, IsError: !ok}
}

// numberLines renders lines offset..offset+limit-1 (counting from 1) of
// text like cat -n, within MaxReadOutput bytes, with a note saying how to
// read on when it stops before the end. It reports false, with a
// message, when offset is past the end.
func numberLines(rel, text string, offset, limit int) (string, bool) {
	lines := strings.SplitAfter(text, "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	total := len(lines)
	if offset > total {
		return fmt.Sprintf("%s has %s; offset %d is past the end. Use an offset from 1 to %d.",
			rel, plural(total, "line"), offset, total), false
	}
	var b strings.Builder
	last := offset - 1 // last line written, counting from 1
	cut := 0
	for i := offset - 1; i < total && i < offset-1+limit; i++ {
		line := strings.TrimSuffix(strings.TrimSuffix(lines[i], "\n"), "\r")
		line = strings.ToValidUTF8(line, "\uFFFD")
		if utf8.RuneCountInString(line) > MaxLineChars {
			line = truncateRunes(line, MaxLineChars) + " [… line cut]"
			cut++
		}
		entry := fmt.Sprintf("%6d\t%s\n", i+1, line)
		if b.Len()+len(entry) > MaxReadOutput && last >= offset {
			break
		}
		b.WriteString(entry)
		last = i + 1
	}
	if last < total {
		fmt.Fprintf(&b, "\n(Showing lines %d-%d of %d. To read more, call Read with offset %d.)\n", offset, last, total, last+1)
	}
	if cut > 0 {
		verb := "were"
		if cut == 1 {
			verb = "was"
		}
		fmt.Fprintf(&b, "\n(%s longer than %d characters %s cut.)\n", plural(cut, "line"), MaxLineChars, verb)
	}
	return b.String(), true
}

func truncateRunes(s string, n int) string {
	i := 0
	for j := range s {
		if i == n {
			return s[:j]
		}
		i++
	}
	return s
}
