package tool

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/specwright/specwright/internal/chat"
	"github.com/specwright/specwright/internal/sandbox"
)

type env struct {
	dir     *sandbox.Dir
	path    string // the project folder
	outside string
	set     *Set
	results []Result
}

func newEnv(t *testing.T) *env {
	t.Helper()
	base := t.TempDir()
	e := &env{path: filepath.Join(base, "proj"), outside: filepath.Join(base, "outside"), set: NewSet(Files()...)}
	for _, p := range []string{e.path, e.outside} {
		if err := os.Mkdir(p, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(e.outside, "secret.txt"), []byte("SECRET"), 0o644); err != nil {
		t.Fatal(err)
	}
	d, err := sandbox.Open(e.path, sandbox.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	e.dir = d
	// Whatever a test ran, no result may name the folder.
	t.Cleanup(func() {
		real, _ := filepath.EvalSymlinks(e.path)
		for _, r := range e.results {
			for _, p := range []string{e.path, real} {
				if r.IsError && strings.Contains(r.Content, p) {
					t.Errorf("error result names the folder: %q", r.Content)
				}
			}
		}
	})
	return e
}

// run calls a tool through the set; input is JSON text.
func (e *env) run(name, input string) Result {
	r := e.set.Run(context.Background(), e.dir, name, json.RawMessage(input))
	e.results = append(e.results, r)
	return r
}

// runf builds the input with fmt.Sprintf, quoting %q arguments as JSON.
func (e *env) runf(name, format string, args ...any) Result {
	return e.run(name, fmt.Sprintf(format, args...))
}

func (e *env) file(t *testing.T, rel, content string) {
	t.Helper()
	p := filepath.Join(e.path, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func (e *env) content(t *testing.T, rel string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(e.path, filepath.FromSlash(rel)))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func jsonStr(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

func wantOK(t *testing.T, r Result) {
	t.Helper()
	if r.IsError {
		t.Fatalf("unexpected error result: %s", r.Content)
	}
}

func wantErr(t *testing.T, r Result, fragments ...string) {
	t.Helper()
	if !r.IsError {
		t.Fatalf("want an error result, got %q", r.Content)
	}
	if r.Wrote != "" {
		t.Fatalf("error result says it wrote %q", r.Wrote)
	}
	for _, f := range fragments {
		if !strings.Contains(r.Content, f) {
			t.Errorf("error %q lacks %q", r.Content, f)
		}
	}
}

func TestSpecs(t *testing.T) {
	specs := NewSet(Files()...).Specs()
	want := []string{"Read", "Write", "Edit", "Glob"}
	if len(specs) != len(want) {
		t.Fatalf("%d specs", len(specs))
	}
	required := map[string][]string{
		"Read":  {"file_path"},
		"Write": {"file_path", "content"},
		"Edit":  {"file_path", "old_string", "new_string"},
		"Glob":  {"pattern"},
	}
	for i, s := range specs {
		if s.Name != want[i] {
			t.Errorf("spec %d is %s; want %s", i, s.Name, want[i])
		}
		var schema struct {
			Type       string                     `json:"type"`
			Properties map[string]json.RawMessage `json:"properties"`
			Required   []string                   `json:"required"`
			Additional *bool                      `json:"additionalProperties"`
		}
		if err := json.Unmarshal(s.Schema, &schema); err != nil {
			t.Fatalf("%s schema: %v", s.Name, err)
		}
		if schema.Type != "object" || schema.Additional == nil || *schema.Additional {
			t.Errorf("%s schema is not a closed object", s.Name)
		}
		if strings.Join(schema.Required, ",") != strings.Join(required[s.Name], ",") {
			t.Errorf("%s requires %v; want %v", s.Name, schema.Required, required[s.Name])
		}
		for _, r := range schema.Required {
			if _, ok := schema.Properties[r]; !ok {
				t.Errorf("%s requires undeclared %s", s.Name, r)
			}
		}
		if s.Name != "Glob" && !strings.Contains(s.Description, "prompts/app_spec.txt") {
			t.Errorf("%s description gives no relative path example", s.Name)
		}
		if !strings.Contains(s.Description, "relative to the project folder") {
			t.Errorf("%s description does not say paths are relative to the project folder", s.Name)
		}
	}
}

type panicky struct{}

func (panicky) Spec() chat.ToolSpec { return chat.ToolSpec{Name: "Boom"} }
func (panicky) Run(context.Context, *sandbox.Dir, json.RawMessage) Result {
	panic("boom")
}

func TestSetRun(t *testing.T) {
	e := newEnv(t)
	wantErr(t, e.run("Bash", `{"command":"ls"}`), `Unknown tool "Bash"`, "Read, Write, Edit, Glob")
	wantErr(t, e.run("read", `{"file_path":"x"}`), "Available tools: Read, Write, Edit, Glob")

	r := e.set.Run(context.Background(), nil, "Read", json.RawMessage(`{"file_path":"x"}`))
	wantErr(t, r, "No project folder")

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	wantErr(t, e.set.Run(ctx, e.dir, "Write", json.RawMessage(`{"file_path":"x.txt","content":"x"}`)), "cancelled")
	if _, err := os.Stat(filepath.Join(e.path, "x.txt")); err == nil {
		t.Error("a cancelled call wrote its file")
	}

	s := NewSet(panicky{})
	wantErr(t, s.Run(context.Background(), e.dir, "Boom", nil), "Boom failed unexpectedly")
	if !s.Has("Boom") || s.Has("Read") || strings.Join(s.Names(), ",") != "Boom" {
		t.Error("Has/Names disagree with the set")
	}

	for _, bad := range [][]Tool{{Read(), Read()}, {nil}} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("NewSet(%v) did not panic", bad)
				}
			}()
			NewSet(bad...)
		}()
	}
}

func TestInvalidInput(t *testing.T) {
	e := newEnv(t)
	cases := []struct {
		tool, input string
		want        []string
	}{
		{"Read", ``, []string{"must be a JSON object", "{file_path, offset?, limit?}"}},
		{"Read", `null`, []string{"must be a JSON object"}},
		{"Read", `[]`, []string{"must be a JSON object"}},
		{"Read", `"prompts/x"`, []string{"must be a JSON object"}},
		{"Read", `{"file_path": "a"`, []string{"Invalid input for Read"}},
		{"Read", `{file_path: "a"}`, []string{"not valid JSON"}},
		{"Read", `{}`, []string{"file_path is missing"}},
		{"Read", `{"file_path": null}`, []string{"file_path is missing"}},
		{"Read", `{"file_path": ""}`, []string{"file_path must not be empty"}},
		{"Read", `{"file_path": 5}`, []string{"field file_path must be a string"}},
		{"Read", `{"file_path": "a", "offset": "abc"}`, []string{"field offset must be an integer"}},
		{"Read", `{"file_path": "a", "offset": 1.5}`, []string{"field offset must be an integer"}},
		{"Read", `{"file_path": "a", "offset": -1}`, []string{"offset must be 1 or more"}},
		{"Read", `{"file_path": "a", "limit": 0}`, []string{"limit must be 1 or more"}},
		{"Read", `{"file_path": "a", "path": "b"}`, []string{`unknown field "path"`}},
		{"Read", `{"file_path": "a"} {"x": 1}`, []string{"unexpected data after the JSON object"}},
		{"Write", `{"file_path": "a.txt"}`, []string{"content is missing", "{file_path, content}"}},
		{"Write", `{"content": "x"}`, []string{"file_path is missing"}},
		{"Write", `{"file_path": "a.txt", "content": ["x"]}`, []string{"field content must be a string"}},
		{"Edit", `{"file_path": "a.txt", "old_string": "x"}`, []string{"new_string is missing", "replace_all?"}},
		{"Edit", `{"file_path": "a.txt", "old_string": "x", "new_string": "y", "replace_all": "maybe"}`, []string{"replace_all must be true or false"}},
		{"Glob", `{}`, []string{"pattern is missing"}},
		{"Glob", `{"pattern": "*", "path": 3}`, []string{"field path must be a string"}},
	}
	for _, tc := range cases {
		r := e.run(tc.tool, tc.input)
		if !r.IsError {
			t.Errorf("%s(%s) = %q; want an error", tc.tool, tc.input, r.Content)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(r.Content, w) {
				t.Errorf("%s(%s) = %q; want it to contain %q", tc.tool, tc.input, r.Content, w)
			}
		}
	}
	if _, err := os.Stat(filepath.Join(e.path, "a.txt")); err == nil {
		t.Error("an invalid call wrote a file")
	}
}

func TestRead(t *testing.T) {
	e := newEnv(t)
	e.file(t, "prompts/app_spec.txt", "first\nsecond\n\tthird\n")
	r := e.run("Read", `{"file_path": "prompts/app_spec.txt"}`)
	wantOK(t, r)
	if want := "     1\tfirst\n     2\tsecond\n     3\t\tthird\n"; r.Content != want {
		t.Fatalf("Read = %q; want %q", r.Content, want)
	}
	if r.Wrote != "" {
		t.Fatal("Read says it wrote")
	}
	// Absolute inside, numeric strings, offset and limit.
	r = e.runf("Read", `{"file_path": %s, "offset": "2", "limit": 1}`, jsonStr(e.path+"/prompts/app_spec.txt"))
	wantOK(t, r)
	if want := "     2\tsecond\n\n(Showing lines 2-2 of 3. To read more, call Read with offset 3.)\n"; r.Content != want {
		t.Fatalf("Read offset = %q; want %q", r.Content, want)
	}
	r = e.run("Read", `{"file_path": "prompts/app_spec.txt", "offset": 0, "limit": 2}`)
	wantOK(t, r)
	if !strings.HasPrefix(r.Content, "     1\tfirst\n     2\tsecond\n\n(Showing lines 1-2 of 3.") {
		t.Fatalf("Read offset 0 = %q", r.Content)
	}
	wantErr(t, e.run("Read", `{"file_path": "prompts/app_spec.txt", "offset": 4}`), "has 3 lines; offset 4 is past the end")

	// No final newline, CRLF, invalid UTF-8.
	e.file(t, "crlf.txt", "a\r\nb\xff\r\nlast")
	r = e.run("Read", `{"file_path": "crlf.txt"}`)
	wantOK(t, r)
	if want := "     1\ta\n     2\tb\uFFFD\n     3\tlast\n"; r.Content != want {
		t.Fatalf("Read crlf = %q; want %q", r.Content, want)
	}

	// Empty file.
	e.file(t, "empty.txt", "")
	r = e.run("Read", `{"file_path": "empty.txt"}`)
	wantOK(t, r)
	if !strings.Contains(r.Content, "empty.txt exists but is empty") {
		t.Fatalf("Read empty = %q", r.Content)
	}

	// A long file: default limit and the note.
	var long strings.Builder
	for i := range 2500 {
		fmt.Fprintf(&long, "line %d\n", i+1)
	}
	e.file(t, "long.txt", long.String())
	r = e.run("Read", `{"file_path": "long.txt"}`)
	wantOK(t, r)
	if !strings.Contains(r.Content, "  2000\tline 2000\n") || strings.Contains(r.Content, "line 2001\n") ||
		!strings.Contains(r.Content, "(Showing lines 1-2000 of 2500. To read more, call Read with offset 2001.)") {
		t.Fatalf("long Read ends %q", r.Content[len(r.Content)-200:])
	}
	r = e.run("Read", `{"file_path": "long.txt", "offset": 2001}`)
	wantOK(t, r)
	if !strings.HasPrefix(r.Content, "  2001\tline 2001\n") || !strings.HasSuffix(r.Content, "  2500\tline 2500\n") {
		t.Fatalf("second page = %q…", r.Content[:40])
	}

	// A long line is cut; a huge output stops with a note.
	e.file(t, "wide.txt", strings.Repeat("é", 3000)+"\nshort\n")
	r = e.run("Read", `{"file_path": "wide.txt"}`)
	wantOK(t, r)
	if !strings.Contains(r.Content, strings.Repeat("é", 2000)+" [… line cut]\n") || strings.Contains(r.Content, strings.Repeat("é", 2001)) ||
		!strings.Contains(r.Content, "1 line longer than 2000 characters was cut") {
		t.Fatalf("wide Read = %q…", r.Content[len(r.Content)-120:])
	}
	e.file(t, "huge.txt", strings.Repeat(strings.Repeat("x", 1000)+"\n", 500))
	r = e.run("Read", `{"file_path": "huge.txt"}`)
	wantOK(t, r)
	if len(r.Content) > MaxReadOutput+200 || !strings.Contains(r.Content, "of 500. To read more, call Read with offset") {
		t.Fatalf("huge Read gave %d bytes", len(r.Content))
	}

	// Failures.
	e.file(t, "bin.dat", "PK\x03\x04\x00\x00binary")
	wantErr(t, e.run("Read", `{"file_path": "bin.dat"}`), "bin.dat looks like a binary file")
	wantErr(t, e.run("Read", `{"file_path": "missing.txt"}`), "File does not exist: missing.txt")
	wantErr(t, e.run("Read", `{"file_path": "prompts"}`), "prompts: is a directory")
	wantErr(t, e.run("Read", `{"file_path": "../outside/secret.txt"}`), "escapes the project folder")
	wantErr(t, e.runf("Read", `{"file_path": %s}`, jsonStr(e.outside+"/secret.txt")), "outside the project folder")
	wantErr(t, e.run("Read", `{"file_path": "/etc/passwd"}`), "outside the project folder")
	wantErr(t, e.run("Read", `{"file_path": ".env"}`), ".env")
	wantErr(t, e.run("Read", `{"file_path": "NUL"}`), "reserved Windows device name")
	if os.Symlink("../outside/secret.txt", filepath.Join(e.path, "link.txt")) == nil {
		r := e.run("Read", `{"file_path": "link.txt"}`)
		wantErr(t, r, "escapes the project folder")
		if strings.Contains(r.Content, "SECRET") {
			t.Fatal("the secret leaked")
		}
	}
}

func TestWrite(t *testing.T) {
	e := newEnv(t)
	r := e.run("Write", `{"file_path": "prompts/app_spec.txt", "content": "hello"}`)
	wantOK(t, r)
	if r.Content != "Wrote 5 bytes to prompts/app_spec.txt" || r.Wrote != "prompts/app_spec.txt" {
		t.Fatalf("Write = %+v", r)
	}
	if got := e.content(t, "prompts/app_spec.txt"); got != "hello" {
		t.Fatalf("file = %q", got)
	}
	r = e.runf("Write", `{"file_path": %s, "content": "héllo\n"}`, jsonStr(e.path+"/prompts/./app_spec.txt"))
	wantOK(t, r)
	if r.Content != "Wrote 7 bytes to prompts/app_spec.txt" || r.Wrote != "prompts/app_spec.txt" {
		t.Fatalf("Write abs = %+v", r)
	}
	r = e.run("Write", `{"file_path": "empty.txt", "content": ""}`)
	wantOK(t, r)
	if r.Content != "Wrote 0 bytes to empty.txt" {
		t.Fatalf("Write empty = %+v", r)
	}

	wantErr(t, e.run("Write", `{"file_path": "../outside/new.txt", "content": "x"}`), "escapes the project folder")
	wantErr(t, e.runf("Write", `{"file_path": %s, "content": "x"}`, jsonStr(e.outside+"/secret.txt")), "outside the project folder")
	wantErr(t, e.run("Write", `{"file_path": "prompts", "content": "x"}`), "is a directory")
	wantErr(t, e.run("Write", `{"file_path": ".git/hooks/pre-commit", "content": "x"}`), ".git")
	wantErr(t, e.run("Write", `{"file_path": "a\\b.txt", "content": "x"}`), "backslash")
	wantErr(t, e.run("Write", `{"file_path": "notes.txt.", "content": "x"}`), "ends with a dot")
	big := strings.Repeat("x", sandbox.DefaultMaxWriteBytes+1)
	wantErr(t, e.runf("Write", `{"file_path": "big.txt", "content": %s}`, jsonStr(big)), "the limit is")
	if b, _ := os.ReadFile(filepath.Join(e.outside, "secret.txt")); string(b) != "SECRET" {
		t.Fatal("outside file changed")
	}
	if _, err := os.Stat(filepath.Join(e.outside, "new.txt")); err == nil {
		t.Fatal("outside file created")
	}
}

func TestEdit(t *testing.T) {
	e := newEnv(t)
	e.file(t, "spec.md", "# Title\n\nname: old\nport: 80\nname: other\n")
	r := e.run("Edit", `{"file_path": "spec.md", "old_string": "port: 80", "new_string": "port: 8080"}`)
	wantOK(t, r)
	if r.Wrote != "spec.md" || !strings.Contains(r.Content, "Edited spec.md: replaced 1 occurrence") {
		t.Fatalf("Edit = %+v", r)
	}
	if got := e.content(t, "spec.md"); got != "# Title\n\nname: old\nport: 8080\nname: other\n" {
		t.Fatalf("after edit: %q", got)
	}

	wantErr(t, e.run("Edit", `{"file_path": "spec.md", "old_string": "name: ", "new_string": "title: "}`),
		"occurs 2 times in spec.md", "replace_all")
	r = e.run("Edit", `{"file_path": "spec.md", "old_string": "name: ", "new_string": "title: ", "replace_all": true}`)
	wantOK(t, r)
	if !strings.Contains(r.Content, "replaced 2 occurrences") {
		t.Fatalf("replace_all = %q", r.Content)
	}
	if got := e.content(t, "spec.md"); got != "# Title\n\ntitle: old\nport: 8080\ntitle: other\n" {
		t.Fatalf("after replace_all: %q", got)
	}

	wantErr(t, e.run("Edit", `{"file_path": "spec.md", "old_string": "absent", "new_string": "x"}`), "old_string was not found in spec.md")
	wantErr(t, e.run("Edit", `{"file_path": "spec.md", "old_string": "port", "new_string": "port"}`), "identical")
	wantErr(t, e.run("Edit", `{"file_path": "spec.md", "old_string": "", "new_string": "x"}`), "old_string is empty", "use Write")
	wantErr(t, e.run("Edit", `{"file_path": "nope.md", "old_string": "a", "new_string": "b"}`), "File does not exist: nope.md", "use Write")
	wantErr(t, e.run("Edit", `{"file_path": "../outside/secret.txt", "old_string": "SECRET", "new_string": "x"}`), "escapes the project folder")
	wantErr(t, e.run("Edit", `{"file_path": ".env", "old_string": "a", "new_string": "b"}`), ".env")
	e.file(t, "bin.dat", "a\x00b")
	wantErr(t, e.run("Edit", `{"file_path": "bin.dat", "old_string": "a", "new_string": "c"}`), "binary")

	// Windows line endings, which Read does not show, still match.
	e.file(t, "win.txt", "one\r\ntwo\r\nthree\r\n")
	wantOK(t, e.run("Edit", `{"file_path": "win.txt", "old_string": "one\ntwo", "new_string": "1\n2"}`))
	if got := e.content(t, "win.txt"); got != "1\r\n2\r\nthree\r\n" {
		t.Fatalf("CRLF edit: %q", got)
	}
	if b, _ := os.ReadFile(filepath.Join(e.outside, "secret.txt")); string(b) != "SECRET" {
		t.Fatal("outside file changed")
	}
}

func TestGlob(t *testing.T) {
	e := newEnv(t)
	for _, p := range []string{"prompts/app_spec.txt", "prompts/initializer.md", "notes/a.md", "README.md"} {
		e.file(t, p, p)
	}
	r := e.run("Glob", `{"pattern": "**/*.md"}`)
	wantOK(t, r)
	got := strings.Split(r.Content, "\n")
	if len(got) != 3 || !strings.Contains(r.Content, "prompts/initializer.md") || !strings.Contains(r.Content, "notes/a.md") {
		t.Fatalf("Glob = %q", r.Content)
	}
	r = e.run("Glob", `{"pattern": "*.txt", "path": "prompts"}`)
	wantOK(t, r)
	if r.Content != "prompts/app_spec.txt" {
		t.Fatalf("Glob in path = %q", r.Content)
	}
	r = e.runf("Glob", `{"pattern": "*", "path": %s}`, jsonStr(e.path+"/notes"))
	wantOK(t, r)
	if r.Content != "notes/a.md" {
		t.Fatalf("Glob in abs path = %q", r.Content)
	}
	r = e.run("Glob", `{"pattern": "*.go"}`)
	wantOK(t, r)
	if r.Content != "No files found matching *.go." {
		t.Fatalf("Glob none = %q", r.Content)
	}
	r = e.run("Glob", `{"pattern": "*.go", "path": "notes"}`)
	if r.Content != "No files found matching *.go in notes." {
		t.Fatalf("Glob none in path = %q", r.Content)
	}
	r = e.runf("Glob", `{"pattern": %s}`, jsonStr(e.path+"/*.go"))
	wantOK(t, r)
	if strings.Contains(r.Content, e.path) {
		t.Fatalf("Glob result names the folder: %q", r.Content)
	}

	for i := range 120 {
		e.file(t, fmt.Sprintf("many/f%03d.txt", i), "x")
	}
	r = e.run("Glob", `{"pattern": "many/*.txt"}`)
	wantOK(t, r)
	lines := strings.Split(r.Content, "\n")
	if len(lines) != GlobResults+2 || !strings.Contains(r.Content, "(Showing the 100 most recently modified matches; there are more.") {
		t.Fatalf("truncated Glob: %d lines, ends %q", len(lines), lines[len(lines)-1])
	}

	wantErr(t, e.run("Glob", `{"pattern": "../*"}`), "..")
	wantErr(t, e.run("Glob", `{"pattern": "*", "path": "../outside"}`), "escapes the project folder")
	wantErr(t, e.runf("Glob", `{"pattern": "*", "path": %s}`, jsonStr(e.outside)), "outside the project folder")
	wantErr(t, e.run("Glob", `{"pattern": "["}`), "malformed pattern")
	wantErr(t, e.run("Glob", `{"pattern": "*", "path": "missing"}`), "Directory does not exist: missing")
	wantErr(t, e.run("Glob", `{"pattern": "*", "path": "README.md"}`), "is not a directory")
}

// TestToolsNeverEscape drives every tool with escaping paths and checks
// that nothing outside changed and no error names the folder.
func TestToolsNeverEscape(t *testing.T) {
	e := newEnv(t)
	e.file(t, "in.txt", "inside")
	os.Symlink("../outside", filepath.Join(e.path, "out"))
	os.Symlink(filepath.Join(e.outside, "secret.txt"), filepath.Join(e.path, "abs.txt"))
	os.Symlink("../outside/new.txt", filepath.Join(e.path, "dangling.txt"))
	paths := []string{
		"../outside/secret.txt", "a/../../outside/secret.txt", e.outside + "/secret.txt", e.path + "/../outside/secret.txt",
		"out/secret.txt", "out/", "abs.txt", "dangling.txt", "out/new.txt", `..\outside\secret.txt`, "C:\\x", "a::$DATA",
		"NUL", "nul.txt", "com1", "COM¹", "CONIN$", "x.", "x ", "a\x01", "a\x00b", strings.Repeat("z", 300), ".env", ".git/config",
	}
	for _, p := range paths {
		for _, r := range []Result{
			e.runf("Read", `{"file_path": %s}`, jsonStr(p)),
			e.runf("Write", `{"file_path": %s, "content": "PWNED"}`, jsonStr(p)),
			e.runf("Edit", `{"file_path": %s, "old_string": "SECRET", "new_string": "PWNED"}`, jsonStr(p)),
			e.runf("Glob", `{"pattern": "*", "path": %s}`, jsonStr(p)),
		} {
			if !r.IsError {
				t.Errorf("a call on %q succeeded: %q", p, r.Content)
			}
			if strings.Contains(r.Content, "SECRET") {
				t.Errorf("a call on %q leaked the secret", p)
			}
		}
	}
	entries, _ := os.ReadDir(e.outside)
	if len(entries) != 1 {
		t.Errorf("outside holds %d entries", len(entries))
	}
	if b, _ := os.ReadFile(filepath.Join(e.outside, "secret.txt")); string(b) != "SECRET" {
		t.Error("outside file changed")
	}
}
