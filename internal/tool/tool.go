package tool

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"reflect"
	"strconv"
	"strings"

	"github.com/specwright/specwright/internal/chat"
	"github.com/specwright/specwright/internal/sandbox"
)

// Result is what a tool call gives back to the model.
type Result struct {
	// Content is the text the model reads: the output, or what went wrong.
	Content string
	// IsError marks a failed call; the model is expected to correct it.
	IsError bool
	// Wrote is the folder-relative path of the file the call wrote, or ""
	// when it wrote nothing.
	Wrote string
}

// Tool is a file tool the model may call.
type Tool interface {
	// Spec describes the tool to the model.
	Spec() chat.ToolSpec
	// Run executes one call with the model's input. Every failure,
	// including malformed input, is reported in the Result.
	Run(ctx context.Context, dir *sandbox.Dir, input json.RawMessage) Result
}

// Tool names, as Claude Code names them.
const (
	ReadName  = "Read"
	WriteName = "Write"
	EditName  = "Edit"
	GlobName  = "Glob"
)

// Files returns the four file tools: Read, Write, Edit and Glob.
func Files() []Tool { return []Tool{Read(), Write(), Edit(), Glob()} }

// Set is a group of tools offered together, looked up by name. It is safe
// for concurrent use.
type Set struct {
	tools map[string]Tool
	order []string
}

// NewSet returns a set of tools, listed in the order given. It panics on
// a nil tool or on two tools with the same name: both are wiring
// mistakes.
func NewSet(tools ...Tool) *Set {
	s := &Set{tools: make(map[string]Tool, len(tools))}
	for _, t := range tools {
		if t == nil {
			panic("tool: NewSet given a nil Tool")
		}
		name := t.Spec().Name
		if _, dup := s.tools[name]; dup {
			panic("tool: NewSet given two tools named " + name)
		}
		s.tools[name] = t
		s.order = append(s.order, name)
	}
	return s
}

// Specs describes the tools of the set, in order.
func (s *Set) Specs() []chat.ToolSpec {
	out := make([]chat.ToolSpec, len(s.order))
	for i, name := range s.order {
		out[i] = s.tools[name].Spec()
	}
	return out
}

// Names lists the tools of the set, in order.
func (s *Set) Names() []string { return append([]string(nil), s.order...) }

// Has reports whether the set holds a tool called name.
func (s *Set) Has(name string) bool {
	_, ok := s.tools[name]
	return ok
}

// Run executes the tool called name. An unknown name, a nil dir, a done
// context and a panicking tool all give an error Result, never a crash.
func (s *Set) Run(ctx context.Context, dir *sandbox.Dir, name string, input json.RawMessage) (res Result) {
	t, ok := s.tools[name]
	if !ok {
		avail := "none"
		if len(s.order) > 0 {
			avail = strings.Join(s.order, ", ")
		}
		if len(name) > 64 {
			name = name[:64] + "…"
		}
		return errorf("Unknown tool %s. Available tools: %s.", strconv.Quote(name), avail)
	}
	defer func() {
		if r := recover(); r != nil {
			res = errorf("%s failed unexpectedly; nothing more is known. Try again or continue without it.", name)
		}
	}()
	if r, ok := precheck(ctx, dir); !ok {
		return r
	}
	return t.Run(ctx, dir, input)
}

// precheck refuses a call that cannot run.
func precheck(ctx context.Context, dir *sandbox.Dir) (Result, bool) {
	if dir == nil {
		return errorf("No project folder is open, so file tools are unavailable."), false
	}
	if ctx.Err() != nil {
		return errorf("The call was cancelled before it ran."), false
	}
	return Result{}, true
}

func errorf(format string, args ...any) Result {
	return Result{Content: fmt.Sprintf(format, args...), IsError: true}
}

// failure turns a sandbox error met while trying to verb ("read",
// "write", "edit", "search") into a Result. Sandbox errors name files by
// their folder-relative path only; any other error is not shown, in case
// it carries more.
func failure(verb string, err error) Result {
	var pe *sandbox.PathError
	if !errors.As(err, &pe) {
		return errorf("Could not %s: the operation failed.", verb)
	}
	if errors.Is(err, fs.ErrNotExist) {
		if pe.Op == "glob" {
			return errorf("Directory does not exist: %s", pe.Path)
		}
		return errorf("File does not exist: %s", pe.Path)
	}
	return errorf("Cannot %s %s: %s.", verb, pe.Path, pe.Reason)
}

// decode parses a tool input into v, a pointer to a struct, strictly:
// one JSON object, no unknown fields, no trailing data. Its errors are
// written for the model.
func decode(tool string, input json.RawMessage, v any) *Result {
	bad := func(format string, args ...any) *Result {
		r := errorf("Invalid input for %s: %s. Expected %s.", tool, fmt.Sprintf(format, args...), shape(v))
		return &r
	}
	in := bytes.TrimSpace(input)
	if len(in) == 0 || in[0] != '{' {
		return bad("the input must be a JSON object")
	}
	dec := json.NewDecoder(bytes.NewReader(in))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var te *json.UnmarshalTypeError
		var se *json.SyntaxError
		var ae *argError
		switch {
		case errors.As(err, &ae):
			return bad("field %s %s", ae.field, ae.msg)
		case errors.As(err, &te) && te.Field != "":
			return bad("field %s must be %s, not %s", te.Field, jsonType(te.Type), te.Value)
		case errors.As(err, &se):
			return bad("not valid JSON (%v)", se)
		case strings.HasPrefix(err.Error(), "json: unknown field "):
			return bad("unknown field %s", strings.TrimPrefix(err.Error(), "json: unknown field "))
		case errors.Is(err, io.ErrUnexpectedEOF):
			return bad("the JSON ends too early")
		}
		return bad("%s", strings.TrimPrefix(err.Error(), "json: "))
	}
	var extra json.RawMessage
	if err := dec.Decode(&extra); err != io.EOF {
		return bad("unexpected data after the JSON object")
	}
	return nil
}

// shape lists the JSON fields of the struct v points to; optional ones
// (non-pointer fields) get a question mark.
func shape(v any) string {
	t := reflect.TypeOf(v).Elem()
	var names []string
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "" || name == "-" {
			continue
		}
		if f.Type.Kind() != reflect.Pointer {
			name += "?"
		}
		names = append(names, name)
	}
	return "{" + strings.Join(names, ", ") + "}"
}

func jsonType(t reflect.Type) string {
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int64, reflect.Int32:
		return "an integer"
	case reflect.Pointer:
		return jsonType(t.Elem())
	}
	return "a " + t.Kind().String()
}

// argError is a field-level input error from a lenient decoder.
type argError struct{ field, msg string }

func (e *argError) Error() string { return e.field + " " + e.msg }

// intArg is an optional integer that also accepts a numeric string
// ("10") or an integral float (10.0), as weaker models send them.
type intArg struct {
	set   bool
	value int
	field string
}

func (a *intArg) UnmarshalJSON(b []byte) error {
	s := string(bytes.TrimSpace(b))
	if s == "null" {
		return nil
	}
	if uq, err := strconv.Unquote(s); err == nil {
		s = strings.TrimSpace(uq)
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		f, ferr := strconv.ParseFloat(s, 64)
		if ferr != nil || f != float64(int64(f)) {
			return &argError{a.field, "must be an integer"}
		}
		n = int64(f)
	}
	if n < -1<<31 || n > 1<<31-1 {
		return &argError{a.field, "is out of range"}
	}
	a.set, a.value = true, int(n)
	return nil
}

// boolArg is an optional boolean that also accepts "true" and "false" as
// strings.
type boolArg struct {
	value bool
	field string
}

func (a *boolArg) UnmarshalJSON(b []byte) error {
	switch strings.ToLower(strings.Trim(string(bytes.TrimSpace(b)), `"`)) {
	case "true":
		a.value = true
	case "false", "null":
		a.value = false
	default:
		return &argError{a.field, "must be true or false"}
	}
	return nil
}

// required reports a missing or empty required string field of in, the
// decoded input.
func required(tool string, in any, field string, v *string, allowEmpty bool) *Result {
	if v == nil {
		r := errorf("Invalid input for %s: the required field %s is missing. Expected %s.", tool, field, shape(in))
		return &r
	}
	if !allowEmpty && *v == "" {
		r := errorf("Invalid input for %s: %s must not be empty.", tool, field)
		return &r
	}
	return nil
}

// plural writes "1 line" or "3 lines".
func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return strconv.Itoa(n) + " " + word + "s"
}

// looksBinary reports a NUL byte near the start, the usual sign of a
// binary file.
func looksBinary(data []byte) bool {
	return bytes.IndexByte(data[:min(len(data), 8192)], 0) >= 0
}
