package httpapi_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/specwright/specwright/internal/llm/llmtest"
	"github.com/specwright/specwright/internal/spec"
)

// idSpec is the valid test spec in the version 2 form: every feature
// with an ID, F-001 onwards, and its initializer.
func idSpec(t *testing.T) (*spec.Spec, string) {
	t.Helper()
	a, i := goodSpec(t)
	s, _ := spec.Parse([]byte(a))
	n := 0
	for c := range s.Categories {
		for f := range s.Categories[c].Features {
			n++
			s.Categories[c].Features[f].ID = fmt.Sprintf("F-%03d", n)
		}
	}
	s.FeatureCount = n
	return s, strings.ReplaceAll(i, "**30**", fmt.Sprintf("**%d**", n))
}

// files renders a spec and its initializer for the count it declares.
func files(t *testing.T, s *spec.Spec, init string) (string, string) {
	t.Helper()
	s.FeatureCount = s.FeatureLines()
	a := string(spec.Format(s))
	i := strings.Replace(init, fmt.Sprintf("**%d**", 30), fmt.Sprintf("**%d**", s.FeatureCount), 1)
	if r := spec.Check([]byte(a), []byte(i)); !r.OK() {
		t.Fatalf("test spec fails the check: %v", r.Errors())
	}
	return a, i
}

func writeBoth(n int, a, i string) llmtest.Response {
	return llmtest.Tools("Updating the spec.",
		write(fmt.Sprintf("toolu_a%d", n), "prompts/app_spec.txt", a),
		write(fmt.Sprintf("toolu_i%d", n), "prompts/initializer_prompt.md", i))
}

func (e *env) call(method, path string, body any, out any) int {
	e.t.Helper()
	var r *bytes.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		r = bytes.NewReader(b)
	} else {
		r = bytes.NewReader(nil)
	}
	req, _ := http.NewRequest(method, e.srv.URL+path, r)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	if out != nil {
		if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
			e.t.Fatalf("%s %s: decode: %v", method, path, err)
		}
	}
	return resp.StatusCode
}

type versionRow struct {
	Number       int    `json:"number"`
	SessionID    int64  `json:"session_id"`
	Seq          int64  `json:"seq"`
	FeatureCount int    `json:"feature_count"`
	Features     int    `json:"features"`
	Score        int    `json:"score"`
	RestoredFrom int    `json:"restored_from"`
	AppSpec      string `json:"app_spec"`
	Initializer  string `json:"initializer_prompt"`
}

type diffBody struct {
	Summary string    `json:"summary"`
	Diff    spec.Diff `json:"diff"`
}

func featureIDs(d spec.Diff) (added, changed, removed []string) {
	for _, r := range d.Features.Added {
		added = append(added, r.ID)
	}
	for _, c := range d.Features.Changed {
		changed = append(changed, c.ID)
	}
	for _, r := range d.Features.Removed {
		removed = append(removed, r.ID)
	}
	return
}

// The acceptance scenario of versions: an interview writes a spec, then
// three turns add, change and remove a feature. Every version is listed
// with its counts, the diffs name the features by ID, provenance points
// at the messages that asked, restore brings version 1 back byte for
// byte as a new version, and all of it survives a new interview and a
// restart.
func TestVersionsDiffProvenanceRestore(t *testing.T) {
	base, init := idSpec(t)
	a1, i1 := files(t, base, init)

	add, _ := spec.Parse([]byte(a1))
	add.Categories[0].Features = append(add.Categories[0].Features, spec.Feature{ID: "F-031", Name: "Export lists",
		Description: "Members export every list as a CSV file from the settings page."})
	a2, i2 := files(t, add, init)

	change, _ := spec.Parse([]byte(a2))
	change.Categories[0].Features[4].Description = "Members delete their account after typing their password; every list and task goes with it."
	a3, i3 := files(t, change, init)

	remove, _ := spec.Parse([]byte(a3))
	cat := &remove.Categories[1]
	removedID := cat.Features[0].ID
	cat.Features = cat.Features[1:]
	a4, i4 := files(t, remove, init)

	fake := llmtest.NewAnthropic(t, llmtest.Script(
		llmtest.Text("Hello! What shall we build?"),
		writeBoth(1, a1, i1), llmtest.Text("Here is your spec."),
		writeBoth(2, a2, i2), llmtest.Text("Added export."),
		writeBoth(3, a3, i3), llmtest.Text("Changed account deletion."),
		writeBoth(4, a4, i4), llmtest.Text("Removed it."),
		llmtest.Text("Hello again!"),
	))
	dataDir := t.TempDir()
	e := startEnv(t, claude(fake), dataDir)
	c := e.dialV2("tidy")
	c.send(map[string]any{"type": "start"})
	c.turn()
	var versionEvents []msg
	seqs := map[string]int64{}
	for _, m := range []string{"A to-do app", "Add CSV export", "Account deletion asks for the password", "Drop the first list feature"} {
		c.send(map[string]any{"type": "message", "content": m})
		for _, ev := range c.turn() {
			if ev.typ() == "version" {
				versionEvents = append(versionEvents, ev)
			}
		}
		seqs[m] = int64(c.acks[len(c.acks)-1]["seq"].(float64))
	}
	if len(versionEvents) != 4 {
		t.Fatalf("%d version events, want 4", len(versionEvents))
	}
	v2 := versionEvents[1]["version"].(map[string]any)
	if v2["number"] != float64(2) || v2["summary"] != "+1 feature; feature count 30 → 31; also changed: initializer_prompt.md" || fmt.Sprint(v2["added"]) != "[F-031]" {
		t.Errorf("version 2 event = %v", v2)
	}

	var list []versionRow
	if code := e.do("GET", "/api/projects/tidy/versions", &list); code != 200 || len(list) != 4 {
		t.Fatalf("versions: %d %+v", code, list)
	}
	var counts []int
	for _, v := range list {
		counts = append(counts, v.Features)
		if v.FeatureCount != v.Features || v.Score <= 0 || v.AppSpec != "" {
			t.Errorf("version row %+v", v)
		}
	}
	if !slices.Equal(counts, []int{30, 31, 31, 30}) {
		t.Errorf("feature counts = %v", counts)
	}
	if list[1].Seq != seqs["Add CSV export"] || list[3].Seq != seqs["Drop the first list feature"] {
		t.Errorf("version seqs = %d, %d; the messages were %v", list[1].Seq, list[3].Seq, seqs)
	}

	steps := []struct {
		from, to                string
		added, changed, removed []string
	}{
		{"1", "2", []string{"F-031"}, nil, nil},
		{"2", "3", nil, []string{"F-005"}, nil},
		{"3", "", nil, nil, []string{removedID}},
		{"1", "4", []string{"F-031"}, []string{"F-005"}, []string{removedID}},
	}
	for _, s := range steps {
		var d diffBody
		q := "from=" + s.from
		if s.to != "" {
			q += "&to=" + s.to
		}
		if code := e.do("GET", "/api/projects/tidy/diff?"+q, &d); code != 200 {
			t.Fatalf("diff %s: %d", q, code)
		}
		ad, ch, rm := featureIDs(d.Diff)
		if !slices.Equal(ad, s.added) || !slices.Equal(ch, s.changed) || !slices.Equal(rm, s.removed) {
			t.Errorf("diff %s: added %v changed %v removed %v", q, ad, ch, rm)
		}
	}

	var prov struct {
		Version  int              `json:"version"`
		Features []map[string]any `json:"features"`
	}
	e.do("GET", "/api/projects/tidy/provenance", &prov)
	origin := func(id, which string) (float64, float64) {
		for _, f := range prov.Features {
			if f["id"] == id {
				o := f[which].(map[string]any)
				return o["version"].(float64), o["seq"].(float64)
			}
		}
		t.Fatalf("%s not in provenance", id)
		return 0, 0
	}
	if v, seq := origin("F-031", "introduced"); v != 2 || int64(seq) != seqs["Add CSV export"] {
		t.Errorf("F-031 introduced in %v at seq %v", v, seq)
	}
	if v, seq := origin("F-005", "changed"); v != 3 || int64(seq) != seqs["Account deletion asks for the password"] {
		t.Errorf("F-005 changed in %v at seq %v", v, seq)
	}
	if v, seq := origin("F-001", "changed"); v != 1 || int64(seq) != seqs["A to-do app"] {
		t.Errorf("F-001 changed in %v at seq %v", v, seq)
	}
	if len(prov.Features) != 30 || prov.Version != 4 {
		t.Errorf("provenance of version %d has %d features", prov.Version, len(prov.Features))
	}

	// Restore version 1: the files come back byte for byte, as version 5.
	var restored versionRow
	if code := e.call("POST", "/api/projects/tidy/versions/1/restore", map[string]any{}, &restored); code != 200 || restored.Number != 5 || restored.RestoredFrom != 1 {
		t.Fatalf("restore: %d %+v", code, restored)
	}
	ev := c.next()
	if ev.typ() != "version" || ev["version"].(map[string]any)["restored_from"] != float64(1) {
		t.Errorf("restore event = %v", ev)
	}
	for rel, want := range map[string]string{"prompts/app_spec.txt": a1, "prompts/initializer_prompt.md": i1} {
		if got, _ := os.ReadFile(e.projectFile("tidy", rel)); string(got) != want {
			t.Errorf("%s after restore differs from version 1", rel)
		}
	}
	e.do("GET", "/api/projects/tidy/provenance", &prov)
	if v, _ := origin("F-005", "changed"); v != 1 {
		t.Errorf("after restoring version 1, F-005 last changed in %v", v)
	}

	// A new interview and a restart keep every version.
	c.send(map[string]any{"type": "start"})
	c.turn()
	e.stop()
	e2 := startEnv(t, claude(fake), dataDir)
	var v1 versionRow
	e2.do("GET", "/api/projects/tidy/versions/1", &v1)
	if v1.AppSpec != a1 || v1.Initializer != i1 {
		t.Error("version 1 after a restart differs from what was written")
	}
	e2.do("GET", "/api/projects/tidy/versions", &list)
	if len(list) != 5 {
		t.Errorf("%d versions after a restart, want 5", len(list))
	}
}

func TestVersionRoutesRefuseBadInput(t *testing.T) {
	e := newEnv(t, nil)
	e.svc.CreateProject(t.Context(), "empty")
	for path, want := range map[string]int{
		"/api/projects/empty/versions":          200,
		"/api/projects/empty/versions/1":        404,
		"/api/projects/empty/versions/x":        400,
		"/api/projects/empty/versions/0":        400,
		"/api/projects/empty/diff":              400,
		"/api/projects/empty/diff?from=1&to=-1": 400,
		"/api/projects/empty/diff?from=1":       404,
		"/api/projects/nope/versions":           404,
		"/api/projects/EMPTY/versions":          404,
		"/api/projects/bad%20name/versions":     400,
		"/api/projects/empty/provenance":        404,
		"/api/projects/empty/sessions":          200,
		"/api/projects/empty/sessions/1":        404,
		"/api/projects/empty/sessions/x":        400,
	} {
		var body map[string]any
		var list []any
		var out any = &body
		if want == 200 {
			out = &list
		}
		if code := e.do("GET", path, out); code != want {
			t.Errorf("GET %s: %d, want %d (%v)", path, code, want, body)
		}
	}
	if code := e.call("POST", "/api/projects/empty/versions/1/restore", map[string]any{}, nil); code != 404 {
		t.Errorf("restore of a missing version: %d", code)
	}
}

func TestRenameAndDeleteProject(t *testing.T) {
	a, i := goodSpec(t)
	fake := llmtest.NewAnthropic(t, llmtest.Script(writeBoth(1, a, i), llmtest.Text("Done.")))
	e := newEnv(t, claude(fake))
	c := e.dial("first")
	c.send(map[string]any{"type": "start"})
	c.turn()

	if code := e.call("PATCH", "/api/projects/first", map[string]any{"name": "bad name"}, nil); code != 400 {
		t.Errorf("rename to an invalid name: %d", code)
	}
	e.svc.CreateProject(t.Context(), "Taken")
	if code := e.call("PATCH", "/api/projects/first", map[string]any{"name": "taken"}, nil); code != 409 {
		t.Errorf("rename onto a case clash: %d", code)
	}
	if code := e.call("PATCH", "/api/projects/first", map[string]any{"name": "second"}, nil); code != 200 {
		t.Fatalf("rename: %d", code)
	}
	if got, _ := os.ReadFile(e.projectFile("second", "prompts/app_spec.txt")); string(got) != a {
		t.Error("the folder did not move with the project")
	}
	if _, err := os.Stat(e.projectFile("first", "")); !os.IsNotExist(err) {
		t.Errorf("old folder: %v", err)
	}
	var vs []versionRow
	if e.do("GET", "/api/projects/second/versions", &vs); len(vs) != 1 {
		t.Errorf("versions after rename: %+v", vs)
	}
	var st map[string]any
	if code := e.do("GET", "/api/spec/status/first", &st); code != 404 {
		t.Errorf("old name still answers: %d %v", code, st)
	}

	if code := e.call("DELETE", "/api/projects/second", nil, nil); code != 200 {
		t.Fatalf("delete: %d", code)
	}
	if _, err := os.Stat(e.projectFile("second", "")); !os.IsNotExist(err) {
		t.Errorf("folder after delete: %v", err)
	}
	var ps []map[string]any
	e.do("GET", "/api/projects", &ps)
	if len(ps) != 1 || ps[0]["name"] != "Taken" {
		t.Errorf("projects after delete: %v", ps)
	}
	if code := e.call("DELETE", "/api/projects/second", nil, nil); code != 404 {
		t.Errorf("second delete: %d", code)
	}
}
