package tool

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"strings"

	"github.com/specwright/specwright/internal/chat"
	"github.com/specwright/specwright/internal/sandbox"
)

type editTool struct{}

// Edit returns the Edit tool: {file_path, old_string, new_string,
// replace_all?}. It replaces exact text in an existing file: a read, a
// replacement in memory and an atomic write that fails if the file
// changed in between.
func Edit() Tool { return editTool{} }

func (editTool) Spec() chat.ToolSpec {
	return chat.ToolSpec{
		Name: EditName,
		Description: "Replace text in an existing file of the project folder. file_path is relative to the project folder " +
			"(for example prompts/app_spec.txt) or an absolute path inside it. " +
			"old_string must match the file exactly, including whitespace and indentation; do not include the line-number prefixes Read shows. " +
			"It must occur exactly once, so include enough surrounding text to make it unique, unless replace_all is true, which replaces every occurrence. " +
			"new_string is the replacement and must differ from old_string. Read the file first so old_string matches its current content. " +
			"To create a file or replace all of it, use Write.",
		Schema: json.RawMessage(editSchema),
	}
}

const editSchema = `{
  "type": "object",
  "properties": {
    "file_path": {"type": "string", "description": "The file to edit: relative to the project folder (e.g. prompts/app_spec.txt) or absolute inside it."},
    "old_string": {"type": "string", "description": "The exact text to replace."},
    "new_string": {"type": "string", "description": "The text to put in its place (different from old_string)."},
    "replace_all": {"type": "boolean", "default": false, "description": "Replace every occurrence of old_string instead of exactly one."}
  },
  "required": ["file_path", "old_string", "new_string"],
  "additionalProperties": false
}`

type editInput struct {
	FilePath   *string `json:"file_path"`
	OldString  *string `json:"old_string"`
	NewString  *string `json:"new_string"`
	ReplaceAll boolArg `json:"replace_all"`
}

func (editTool) Run(ctx context.Context, dir *sandbox.Dir, input json.RawMessage) Result {
	if r, ok := precheck(ctx, dir); !ok {
		return r
	}
	in := editInput{ReplaceAll: boolArg{field: "replace_all"}}
	if r := decode(EditName, input, &in); r != nil {
		return *r
	}
	if r := required(EditName, &in, "file_path", in.FilePath, false); r != nil {
		return *r
	}
	if r := required(EditName, &in, "old_string", in.OldString, true); r != nil {
		return *r
	}
	if r := required(EditName, &in, "new_string", in.NewString, true); r != nil {
		return *r
	}
	oldS, newS := *in.OldString, *in.NewString
	if oldS == "" {
		return errorf("old_string is empty. To create a file or replace all of its content, use Write.")
	}
	if oldS == newS {
		return errorf("old_string and new_string are identical, so there is nothing to change.")
	}
	rel, err := dir.Rel(*in.FilePath)
	if err != nil {
		return failure("edit", err)
	}
	data, info, err := dir.ReadFileInfo(rel)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return errorf("File does not exist: %s. To create it, use Write.", rel)
		}
		return failure("edit", err)
	}
	if looksBinary(data) {
		return errorf("%s looks like a binary file; Edit changes text files only.", rel)
	}
	text := string(data)
	n := strings.Count(text, oldS)
	if n == 0 && strings.Contains(text, "\r\n") && strings.Contains(oldS, "\n") && !strings.Contains(oldS, "\r") {
		// The file has Windows line endings, which Read does not show.
		oldS = strings.ReplaceAll(oldS, "\n", "\r\n")
		newS = strings.ReplaceAll(newS, "\n", "\r\n")
		n = strings.Count(text, oldS)
	}
	switch {
	case n == 0:
		return errorf("old_string was not found in %s. It must match the file exactly, including whitespace, "+
			"indentation and line breaks, and without Read's line-number prefixes. Read the file again to check.", rel)
	case n > 1 && !in.ReplaceAll.value:
		return errorf("old_string occurs %d times in %s. Include more surrounding text to make it unique, "+
			"or set replace_all to true to replace every occurrence.", n, rel)
	}
	if in.ReplaceAll.value {
		text = strings.ReplaceAll(text, oldS, newS)
	} else {
		text = strings.Replace(text, oldS, newS, 1)
	}
	if err := dir.WriteFileIfUnchanged(rel, []byte(text), info); err != nil {
		if errors.Is(err, sandbox.ErrChanged) {
			return errorf("%s changed while it was being edited, so the edit was not saved. Read it again and retry.", rel)
		}
		return failure("edit", err)
	}
	return Result{
		Content: fmt.Sprintf("Edited %s: replaced %s (the file is now %d bytes).", rel, plural(n, "occurrence"), len(text)),
		Wrote:   rel,
	}
}
