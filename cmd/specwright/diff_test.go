package main

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/specwright/specwright/internal/spec"
)

// edit parses the sample spec, lets change alter it, and writes it back.
func edit(t *testing.T, appSpec string, change func(s *spec.Spec)) string {
	t.Helper()
	s, _ := spec.Parse([]byte(appSpec))
	if s == nil {
		t.Fatal("the sample spec does not parse")
	}
	change(s)
	return string(spec.Format(s))
}

func runDiff(t *testing.T, args ...string) string {
	t.Helper()
	var out, errb bytes.Buffer
	if code := run(context.Background(), append([]string{"diff"}, args...), nil, nil, &out, &errb); code != 0 {
		t.Fatalf("diff %q: exit %d: %s", args, code, errb.String())
	}
	return out.String()
}

func TestDiffNamesTheFeaturesThatChanged(t *testing.T) {
	a, i := goodFiles(t)
	b := edit(t, a, func(s *spec.Spec) {
		lists := &s.Categories[1].Features
		*lists = append((*lists)[:1], (*lists)[2:]...) // F-007 removed
		s.Categories[2].Features[3].Description = "Delete a task, with an undo for ten seconds."
		s.Categories[0].Features = append(s.Categories[0].Features, spec.Feature{ID: "F-031", Name: "Magic link", Description: "Sign in with a link sent by email."})
	})
	oldDir, newDir := project(t, a, i), project(t, b, i)

	text := runDiff(t, oldDir, filepath.Join(newDir, "prompts", "app_spec.txt"))
	for _, want := range []string{
		"+1 feature, 1 changed, 1 removed;",
		"  + F-031 Magic link (accounts)\n",
		"  ~ F-014 Delete a task: description\n",
		"  - F-007 Rename a list (lists)\n",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("text output lacks %q:\n%s", want, text)
		}
	}

	var got struct {
		Summary string    `json:"summary"`
		Diff    spec.Diff `json:"diff"`
	}
	if err := json.Unmarshal([]byte(runDiff(t, "--json", oldDir, newDir)), &got); err != nil {
		t.Fatal(err)
	}
	d := got.Diff
	if len(d.Features.Added) != 1 || d.Features.Added[0].ID != "F-031" || len(d.Features.Removed) != 1 || d.Features.Removed[0].ID != "F-007" ||
		len(d.Features.Changed) != 1 || d.Features.Changed[0].ID != "F-014" || d.Features.Changed[0].MatchedBy != "id" {
		t.Errorf("json = %+v", d.Features)
	}
	// The CLI prints what the diff route computes for the same files.
	want := spec.CompareFiles([]byte(a), []byte(i), []byte(b), []byte(i))
	if got.Summary != want.Summary() || len(d.Features.Changed) != len(want.Features.Changed) {
		t.Errorf("summary %q, the route's %q", got.Summary, want.Summary())
	}
}

// A spec without feature IDs is compared by names and words.
func TestDiffMatchesFeaturesWithoutIDsByContent(t *testing.T) {
	a, i := goodFiles(t)
	strip := func(s *spec.Spec) {
		for c := range s.Categories {
			for f := range s.Categories[c].Features {
				x := &s.Categories[c].Features[f]
				x.ID, x.DependsOn, x.Name = "", nil, x.Description
			}
		}
	}
	plainA := edit(t, a, strip)
	plainB := edit(t, plainA, func(s *spec.Spec) {
		x := &s.Categories[2].Features[3]
		x.Name, x.Description = "Delete a task, with an undo for ten seconds.", "Delete a task, with an undo for ten seconds."
	})
	var got struct {
		Diff spec.Diff `json:"diff"`
	}
	if err := json.Unmarshal([]byte(runDiff(t, "--json", project(t, plainA, i), project(t, plainB, i))), &got); err != nil {
		t.Fatal(err)
	}
	ch := got.Diff.Features.Changed
	if len(ch) != 1 || ch[0].MatchedBy != "content" || ch[0].ID != "" || len(got.Diff.Features.Added)+len(got.Diff.Features.Removed) != 0 {
		t.Errorf("features = %+v", got.Diff.Features)
	}
}

func TestDiffRefusesBadArguments(t *testing.T) {
	a, i := goodFiles(t)
	dir := project(t, a, i)
	for _, args := range [][]string{{"diff"}, {"diff", dir}, {"diff", dir, filepath.Join(dir, "missing")}, {"diff", "--nope", dir, dir}} {
		var out, errb bytes.Buffer
		if code := run(context.Background(), args, nil, nil, &out, &errb); code != 2 || errb.Len() == 0 {
			t.Errorf("%q: exit %d, stderr %q", args, code, errb.String())
		}
	}
}
