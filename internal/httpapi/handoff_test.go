package httpapi_test

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/specwright/specwright/internal/httpapi"
	"github.com/specwright/specwright/internal/llm/llmtest"
	"github.com/specwright/specwright/internal/session"
)

// referenceStatus reads prompts/.spec_status.json the way the reference
// server's GET /api/spec/status route does (server/routers/
// spec_creation.py): a JSON object whose status, feature_count,
// timestamp and files_written it reports; invalid JSON is "error", a
// non-integer count an exception.
type referenceStatus struct {
	Exists       bool
	Status       string
	FeatureCount *int
	Timestamp    *string
	FilesWritten []string
}

func readReferenceStatus(t *testing.T, path string) referenceStatus {
	t.Helper()
	data, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		return referenceStatus{Status: "not_started"}
	}
	if err != nil {
		t.Fatal(err)
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		return referenceStatus{Exists: true, Status: "error"}
	}
	st := referenceStatus{Exists: true, Status: "unknown"}
	for key, dst := range map[string]any{"status": &st.Status, "feature_count": &st.FeatureCount, "timestamp": &st.Timestamp, "files_written": &st.FilesWritten} {
		if v, ok := raw[key]; ok {
			if err := json.Unmarshal(v, dst); err != nil {
				t.Fatalf("%s: %s has the wrong type: %v (the reference answers 500)", path, key, err)
			}
		}
	}
	return st
}

// When the server verifies a complete spec it writes the reference's
// status file and the feature list beside it, from what it verified; a
// later version that fails the check turns the status back to
// in_progress, and GET /api/spec/status keeps answering from the
// server's own verification.
func TestHandoffFilesFollowVerification(t *testing.T) {
	appSpec, initializer := goodSpec(t)
	broken := strings.Replace(appSpec, "<feature_count>30</feature_count>", "<feature_count>many</feature_count>", 1)
	fake := llmtest.NewAnthropic(t, llmtest.Script(
		llmtest.Text("Hello."),
		writesSpec("prompts", appSpec, initializer),
		llmtest.Text("Done."),
		llmtest.Tools("Changing it.", write("w3", "prompts/app_spec.txt", broken)),
		llmtest.Text("Oops."),
		llmtest.Text("Still broken."),
		llmtest.Text("Still broken."),
		llmtest.Text("Still broken."),
	))
	e := newEnv(t, claude(fake))
	c := e.dial("todo")
	c.send(map[string]any{"type": "start"})
	c.turn()
	c.send(map[string]any{"type": "message", "content": "go"})
	if got := c.turn(); !strings.Contains(types(got), "spec_complete") {
		t.Fatalf("turn: %s", types(got))
	}
	before := time.Now().UTC()
	st := readReferenceStatus(t, e.projectFile("todo", "prompts/.spec_status.json"))
	if !st.Exists || st.Status != "complete" || st.FeatureCount == nil || *st.FeatureCount != 30 || st.Timestamp == nil {
		t.Fatalf("status file: %+v", st)
	}
	ts, err := time.Parse(time.RFC3339Nano, *st.Timestamp)
	if err != nil || ts.After(before) || before.Sub(ts) > time.Minute {
		t.Errorf("timestamp %q: %v", *st.Timestamp, err)
	}
	if strings.Join(st.FilesWritten, " ") != "prompts/app_spec.txt prompts/initializer_prompt.md prompts/feature_list.json" {
		t.Errorf("files_written %q", st.FilesWritten)
	}
	var list struct {
		FeatureCount int `json:"feature_count"`
		Features     []struct {
			Category string   `json:"category"`
			Steps    []string `json:"steps"`
		} `json:"features"`
	}
	data, err := os.ReadFile(e.projectFile("todo", "prompts/feature_list.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &list); err != nil || list.FeatureCount != 30 || len(list.Features) != 30 {
		t.Fatalf("feature list: count %d, %d entries, %v", list.FeatureCount, len(list.Features), err)
	}

	c.send(map[string]any{"type": "message", "content": "change the count"})
	c.turn()
	if st := readReferenceStatus(t, e.projectFile("todo", "prompts/.spec_status.json")); st.Status != "in_progress" {
		t.Errorf("after a failing version the status file says %q", st.Status)
	}
	var route map[string]any
	e.do("GET", "/api/spec/status/todo", &route)
	if route["status"] == "complete" {
		t.Errorf("status route after a failing version: %v", route)
	}
}

// writesSpec is a model reply that writes both spec files into dir.
func writesSpec(dir, appSpec, initializer string) llmtest.Response {
	return llmtest.Tools("Writing.", write("w1", dir+"/app_spec.txt", appSpec), write("w2", dir+"/initializer_prompt.md", initializer))
}

func get(t *testing.T, url string) (*http.Response, []byte) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, body
}

func TestExportRoute(t *testing.T) {
	appSpec, initializer := goodSpec(t)
	fake := llmtest.NewAnthropic(t, llmtest.Script(
		llmtest.Text("Hello."),
		writesSpec("prompts", appSpec, initializer),
		llmtest.Text("Done."),
	))
	e := newEnv(t, claude(fake))
	req, _ := http.NewRequest("POST", e.srv.URL+"/api/projects", strings.NewReader(`{"name":"empty"}`))
	req.Header.Set("Content-Type", "application/json")
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != http.StatusCreated {
		t.Fatalf("create: %v %v", resp, err)
	}
	c := e.dial("todo")
	c.send(map[string]any{"type": "start"})
	c.turn()
	c.send(map[string]any{"type": "message", "content": "go"})
	c.turn()

	resp, body := get(t, e.srv.URL+"/api/projects/todo/export?format=markdown")
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/markdown") ||
		!strings.Contains(resp.Header.Get("Content-Disposition"), `filename="todo-spec.md"`) || !bytes.HasPrefix(body, []byte("# Tidy\n")) {
		t.Fatalf("markdown: %d %v %q", resp.StatusCode, resp.Header, body[:min(len(body), 80)])
	}
	resp, body = get(t, e.srv.URL+"/api/projects/todo/export?format=openspec")
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/zip" {
		t.Fatalf("openspec: %d %v", resp.StatusCode, resp.Header)
	}
	zr, err := zip.NewReader(bytes.NewReader(body), int64(len(body)))
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for _, f := range zr.File {
		names[f.Name] = true
	}
	if !names["openspec/specs/accounts/spec.md"] || len(names) != 7 {
		t.Errorf("zip holds %v", names)
	}
	_, again := get(t, e.srv.URL+"/api/projects/todo/export?format=openspec")
	if !bytes.Equal(body, again) {
		t.Error("the same export gave two different zips")
	}
	// A stored version exports the files that passed then, not the
	// current ones.
	if err := os.WriteFile(e.projectFile("todo", "prompts/app_spec.txt"), []byte(strings.Replace(appSpec, "<project_name>Tidy</project_name>", "<project_name>Tidy Next</project_name>", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, cur := get(t, e.srv.URL+"/api/projects/todo/export?format=markdown"); !bytes.HasPrefix(cur, []byte("# Tidy Next\n")) {
		t.Errorf("current export: %q", cur[:min(len(cur), 40)])
	}
	if resp, v1 := get(t, e.srv.URL+"/api/projects/todo/export?format=markdown&version=1"); resp.StatusCode != 200 || !bytes.HasPrefix(v1, []byte("# Tidy\n")) {
		t.Errorf("version 1 export: %d %q", resp.StatusCode, v1[:min(len(v1), 40)])
	}
	for _, tc := range []struct {
		path string
		code int
		want string
	}{
		{"/api/projects/todo/export?format=pdf", 400, "unknown export format"},
		{"/api/projects/todo/export", 400, "unknown export format"},
		{"/api/projects/todo/export?format=json&version=0", 400, "version must be a version number"},
		{"/api/projects/todo/export?format=json&version=9", 404, "version 9"},
		{"/api/projects/nobody/export?format=json", 404, "not found"},
		{"/api/projects/empty/export?format=json", 404, "no spec yet"},
		{"/api/projects/..%2Fetc/export?format=json", 400, "Invalid project name"},
	} {
		var d map[string]any
		if code := e.do("GET", tc.path, &d); code != tc.code || !strings.Contains(strings.ToLower(d["detail"].(string)), strings.ToLower(tc.want)) {
			t.Errorf("%s: %d %v, want %d %q", tc.path, code, d, tc.code, tc.want)
		}
	}
}

// With RequireProjects a socket on a project that was never created is
// told so and closed with 4004; once the project is created with POST
// /api/projects, the same socket URL works.
func TestRequireProjectsClosesWith4004(t *testing.T) {
	fake := llmtest.NewAnthropic(t, llmtest.Script(llmtest.Text("Hello.")))
	e := startEnvWith(t, claude(fake), t.TempDir(), func(_ *session.Config, h *httpapi.Config) { h.RequireProjects = true })
	c := e.dial("ghost")
	c.expectError("Project not found; create it first with POST /api/projects")
	if code := c.closeStatus(); code != 4004 {
		t.Fatalf("closed with %d, want 4004", code)
	}
	if _, err := os.Stat(e.projectFile("ghost", "")); !os.IsNotExist(err) {
		t.Errorf("the refused socket created the project folder: %v", err)
	}
	req, _ := http.NewRequest("POST", e.srv.URL+"/api/projects", strings.NewReader(`{"name":"ghost"}`))
	req.Header.Set("Content-Type", "application/json")
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != http.StatusCreated {
		t.Fatalf("create: %v %v", resp, err)
	}
	c = e.dial("ghost")
	c.send(map[string]any{"type": "start"})
	if got := c.turn(); text(got) != "Hello." {
		t.Fatalf("after creating the project: %v", got)
	}
}
