package tool

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/specwright/specwright/internal/chat"
	"github.com/specwright/specwright/internal/sandbox"
)

// GlobResults is the number of paths Glob shows.
const GlobResults = 100

type globTool struct{}

// Glob returns the Glob tool: {pattern, path?}. It lists the files whose
// paths match a pattern, most recently modified first.
func Glob() Tool { return globTool{} }

func (globTool) Spec() chat.ToolSpec {
	return chat.ToolSpec{
		Name: GlobName,
		Description: "Find files in the project folder by path pattern, such as **/*.md or prompts/*.txt. " +
			"In a pattern, * and ? match within one path segment, [abc] matches one of the characters, " +
			"** matches any number of directories, and {a,b} matches either alternative. " +
			"path, if given, is the directory to search, relative to the project folder or absolute inside it; the pattern is relative to that directory. " +
			"Returns paths relative to the project folder, most recently modified first, at most 100.",
		Schema: json.RawMessage(globSchema),
	}
}

const globSchema = `{
  "type": "object",
  "properties": {
    "pattern": {"type": "string", "description": "The pattern to match, e.g. **/*.md or prompts/*.txt."},
    "path": {"type": "string", "description": "The directory to search in, relative to the project folder or absolute inside it. Omit it to search the whole project folder."}
  },
  "required": ["pattern"],
  "additionalProperties": false
}`

type globInput struct {
	Pattern *string `json:"pattern"`
	Path    string  `json:"path"`
}

func (globTool) Run(ctx context.Context, dir *sandbox.Dir, input json.RawMessage) Result {
	if r, ok := precheck(ctx, dir); !ok {
		return r
	}
	var in globInput
	if r := decode(GlobName, input, &in); r != nil {
		return *r
	}
	if r := required(GlobName, &in, "pattern", in.Pattern, false); r != nil {
		return *r
	}
	paths, err := dir.Glob(*in.Pattern, in.Path, GlobResults+1)
	incomplete := errors.Is(err, sandbox.ErrTooMany)
	if err != nil && !incomplete {
		return failure("search", err)
	}
	where := ""
	if in.Path != "" {
		if rel, err := dir.Rel(in.Path); err == nil && rel != "." {
			where = " in " + rel
		}
	}
	var b strings.Builder
	if len(paths) == 0 {
		if strings.HasPrefix(*in.Pattern, "/") || filepath.IsAbs(*in.Pattern) {
			fmt.Fprintf(&b, "No files found%s.", where) // an absolute pattern would repeat the folder's path
		} else {
			fmt.Fprintf(&b, "No files found matching %s%s.", *in.Pattern, where)
		}
	}
	for i, p := range paths {
		if i == GlobResults {
			fmt.Fprintf(&b, "\n\n(Showing the %d most recently modified matches; there are more. Use a more specific pattern or path.)", GlobResults)
			break
		}
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(p)
	}
	if incomplete {
		fmt.Fprintf(&b, "\n\n(The search stopped early because the folder is very large; results may be missing. Use a more specific pattern or path.)")
	}
	return Result{Content: b.String()}
}
