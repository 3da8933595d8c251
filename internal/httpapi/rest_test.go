package httpapi_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"testing"

	"github.com/specwright/specwright/internal/llm/llmtest"
)

func post(t *testing.T, e *env, path, contentType, body string, out any) int {
	t.Helper()
	resp, err := http.Post(e.srv.URL+path, contentType, bytes.NewBufferString(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if out != nil {
		json.NewDecoder(resp.Body).Decode(out)
	}
	return resp.StatusCode
}

func TestProjectRoutes(t *testing.T) {
	appSpec, initializer := goodSpec(t)
	fake := llmtest.NewAnthropic(t, llmtest.Script(
		llmtest.Text("Hi."),
		llmtest.Tools("", write("w1", "prompts/app_spec.txt", appSpec), write("w2", "prompts/initializer_prompt.md", initializer)),
		llmtest.Text("Done."),
	))
	e := newEnv(t, claude(fake))
	var d map[string]any
	if code := post(t, e, "/api/projects", "application/json", `{"name":"Fresh"}`, &d); code != 201 || d["name"] != "Fresh" {
		t.Fatalf("create: %d %v", code, d)
	}
	for _, tc := range []struct {
		ct, body string
		code     int
	}{
		{"application/json", `{"name":"fresh"}`, 409},
		{"application/json", `{"name":"Fresh"}`, 409},
		{"application/json", `{"name":"no/slash"}`, 400},
		{"application/json", `{"name":"NUL"}`, 400},
		{"application/json", `{"name":"x","extra":1}`, 400},
		{"application/json", `not json`, 400},
		{"text/plain", `{"name":"plain"}`, 415},
		{"application/x-www-form-urlencoded", `name=form`, 415},
		{"application/json", `{"name":"` + string(bytes.Repeat([]byte("a"), 70000)) + `"}`, 413},
	} {
		if code := post(t, e, "/api/projects", tc.ct, tc.body, &d); code != tc.code {
			t.Errorf("POST %s %.40s: %d, want %d (%v)", tc.ct, tc.body, code, tc.code, d)
		}
	}

	c := e.dial("done")
	c.send(map[string]any{"type": "start"})
	c.turn()
	c.send(map[string]any{"type": "message", "content": "write it"})
	c.turn()

	var list []map[string]any
	if code := e.do("GET", "/api/projects", &list); code != 200 || len(list) != 2 {
		t.Fatalf("list: %d %v", code, list)
	}
	if list[0]["name"] != "done" || list[0]["status"] != "complete" || list[0]["feature_count"] != float64(30) || list[0]["active"] != true {
		t.Fatalf("newest project = %v", list[0])
	}
	if list[1]["name"] != "Fresh" || list[1]["status"] != "not_started" || list[1]["active"] != false {
		t.Fatalf("empty project = %v", list[1])
	}

	var files struct {
		AppSpec     *string        `json:"app_spec"`
		Initializer *string        `json:"initializer_prompt"`
		Report      map[string]any `json:"report"`
	}
	if code := e.do("GET", "/api/projects/done/spec", &files); code != 200 || files.AppSpec == nil || *files.AppSpec != appSpec || files.Report["ok"] != true {
		t.Fatalf("spec: %d ok=%v", code, files.Report["ok"])
	}
	if code := e.do("GET", "/api/projects/Fresh/spec", &files); code != 200 || files.AppSpec != nil || files.Report["ok"] != false {
		t.Fatalf("empty spec: %d %+v", code, files)
	}
	if code := e.do("GET", "/api/projects/ghost/spec", &d); code != 404 || d["detail"] != "Project not found" {
		t.Fatalf("missing: %d %v", code, d)
	}
}
