package spec

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

func TestCheck(t *testing.T) {
	spec, init := goodSpec(t), goodInitializer(t)
	tests := []struct {
		name        string
		spec, init  string
		ok          bool
		wantErrors  int
		wantFiles   []string // File of each problem, in order
		wantSpecNil bool
	}{
		{"good", spec, init, true, 0, nil, false},
		{"count mismatch", edit(t, spec, "<feature_count>30<", "<feature_count>45<"), init, false, 2,
			[]string{FileAppSpec, FileInitializer, FileInitializer}, false},
		{"initializer disagrees", spec, strings.ReplaceAll(init, "30", "45"), false, 1,
			[]string{FileInitializer, FileInitializer}, false},
		{"placeholder left", spec, strings.ReplaceAll(init, "30", Placeholder), false, 2,
			[]string{FileInitializer, FileInitializer}, false},
		{"broken spec still checks the placeholder", spec[:len(spec)/2],
			strings.ReplaceAll(init, "30", Placeholder), false, 3,
			[]string{FileAppSpec, FileInitializer, FileInitializer}, true},
		{"missing initializer", spec, "", false, 1, []string{FileInitializer}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Check([]byte(tt.spec), []byte(tt.init))
			if r.OK() != tt.ok || len(r.Errors()) != tt.wantErrors {
				t.Errorf("OK %v with %d errors, want %v with %d:\n%s", r.OK(), len(r.Errors()), tt.ok, tt.wantErrors, dump(r.Problems))
			}
			var files []string
			for _, p := range r.Problems {
				files = append(files, p.File)
			}
			if strings.Join(files, ",") != strings.Join(tt.wantFiles, ",") {
				t.Errorf("problem files %v, want %v:\n%s", files, tt.wantFiles, dump(r.Problems))
			}
			if (r.Spec == nil) != tt.wantSpecNil {
				t.Errorf("Spec nil = %v, want %v", r.Spec == nil, tt.wantSpecNil)
			}
			if len(r.Errors())+len(r.Warnings()) != len(r.Problems) {
				t.Error("Errors and Warnings do not partition Problems")
			}
		})
	}
}

func TestReportWriteText(t *testing.T) {
	r := Report{Problems: []Problem{
		{SeverityError, FileAppSpec, 12, "unescaped & in text: \"A & B\"", "write &amp; for &: \"A &amp; B\"", RuleSyntax},
		{SeverityWarning, FileAppSpec, 0, "something general", "", RuleEmptyElement},
		{SeverityError, FileInitializer, 3, "the placeholder [FEATURE_COUNT] is still there", "replace [FEATURE_COUNT] with 30", RuleInitializer},
	}}
	r.Score, r.Reasons = score(nil, r.Problems)
	var b bytes.Buffer
	if err := r.WriteText(&b); err != nil {
		t.Fatal(err)
	}
	want := `app_spec.txt:12: error: unescaped & in text: "A & B" (write &amp; for &: "A &amp; B")
app_spec.txt: warning: something general
initializer_prompt.md:3: error: the placeholder [FEATURE_COUNT] is still there (replace [FEATURE_COUNT] with 30)
score: 2 errors: unescaped & in text: "A & B" …: −40
score: 1 empty element: −1
failed: 2 errors, 1 warning; readiness 0/100
`
	if b.String() != want {
		t.Errorf("got:\n%s\nwant:\n%s", b.String(), want)
	}

	b.Reset()
	good := Check([]byte(goodSpec(t)), []byte(goodInitializer(t)))
	if err := good.WriteText(&b); err != nil {
		t.Fatal(err)
	}
	if b.String() != "ok: 0 errors, 0 warnings; readiness 100/100; 30 features\n" {
		t.Errorf("got %q", b.String())
	}

	if err := good.WriteText(failingWriter{}); err == nil {
		t.Error("write error not returned")
	}
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestReportJSON(t *testing.T) {
	r := Check([]byte(goodSpec(t)), []byte(strings.ReplaceAll(goodInitializer(t), "30", Placeholder)))
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		OK   bool `json:"ok"`
		Spec struct {
			ProjectName  string `json:"project_name"`
			FeatureCount int    `json:"feature_count"`
		} `json:"spec"`
		Problems []map[string]any `json:"problems"`
	}
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	if got.OK || got.Spec.ProjectName != "Tidy" || got.Spec.FeatureCount != 30 || len(got.Problems) != 2 {
		t.Errorf("unexpected JSON: %s", b)
	}
	p := got.Problems[0]
	for _, key := range []string{"severity", "file", "line", "message", "hint", "rule"} {
		if _, ok := p[key]; !ok {
			t.Errorf("problem lacks %q: %v", key, p)
		}
	}
	if p["severity"] != "error" || p["file"] != FileInitializer {
		t.Errorf("problem %v", p)
	}

	empty, err := json.Marshal(Report{})
	if err != nil {
		t.Fatal(err)
	}
	if string(empty) != `{"ok":true,"spec":null,"problems":[],"score":0,"score_reasons":[]}` {
		t.Errorf("empty report: %s", empty)
	}
}

// Lists the model always has are [] in JSON, never null.
func TestSpecJSONHasNoNullLists(t *testing.T) {
	s, _ := Parse([]byte("<project_specification><project_name>X</project_name><core_features><a></a></core_features></project_specification>"))
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"technology_stack", "categories", "tables", "api_areas", "implementation_steps", "roles", "features"} {
		if !strings.Contains(string(b), `"`+key+`":[`) {
			t.Errorf("%s is not a list: %s", key, b)
		}
	}
	if strings.Contains(string(b), "null") {
		t.Errorf("null in %s", b)
	}
}

// Hints quote XML escapes; an encoder that keeps '&' as it is (as
// specwright validate's does) gets them readable from the nested model.
func TestReportJSONKeepsAmpersands(t *testing.T) {
	r := Check([]byte(strings.Replace(goodSpec(t), "Tidy is a small", "Tidy is a fast & small", 1)), []byte(goodInitializer(t)))
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(r); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(b.String(), `\u0026`) || !strings.Contains(b.String(), "fast &amp; small") || !strings.Contains(b.String(), "a fast & small web") {
		t.Errorf("escaped: %.300s", b.String())
	}
}
