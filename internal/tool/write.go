package tool

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/specwright/specwright/internal/chat"
	"github.com/specwright/specwright/internal/sandbox"
)

type writeTool struct{}

// Write returns the Write tool: {file_path, content}. It creates a file
// or replaces its whole content, atomically.
func Write() Tool { return writeTool{} }

func (writeTool) Spec() chat.ToolSpec {
	return chat.ToolSpec{
		Name: WriteName,
		Description: "Write a file in the project folder: create it, or replace its whole content. " +
			"file_path is relative to the project folder (for example prompts/app_spec.txt) or an absolute path inside it; " +
			"missing parent directories are created. The file is replaced in one step, so it is never left half-written. " +
			"To change part of an existing file, use Edit instead.",
		Schema: json.RawMessage(writeSchema),
	}
}

const writeSchema = `{
  "type": "object",
  "properties": {
    "file_path": {"type": "string", "description": "The file to write: relative to the project folder (e.g. prompts/app_spec.txt) or absolute inside it."},
    "content": {"type": "string", "description": "The complete new content of the file."}
  },
  "required": ["file_path", "content"],
  "additionalProperties": false
}`

type writeInput struct {
	FilePath *string `json:"file_path"`
	Content  *string `json:"content"`
}

func (writeTool) Run(ctx context.Context, dir *sandbox.Dir, input json.RawMessage) Result {
	if r, ok := precheck(ctx, dir); !ok {
		return r
	}
	var in writeInput
	if r := decode(WriteName, input, &in); r != nil {
		return *r
	}
	if r := required(WriteName, &in, "file_path", in.FilePath, false); r != nil {
		return *r
	}
	if r := required(WriteName, &in, "content", in.Content, true); r != nil {
		return *r
	}
	rel, err := dir.Rel(*in.FilePath)
	if err != nil {
		return failure("write", err)
	}
	if err := dir.WriteFile(rel, []byte(*in.Content)); err != nil {
		return failure("write", err)
	}
	return Result{Content: fmt.Sprintf("Wrote %d bytes to %s", len(*in.Content), rel), Wrote: rel}
}
