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

func TestDiffNamesTheFeaturesThatChanged(t *testing.T) {
	a, i := goodFiles(t)
	b := strings.Replace(a, "      - Rename a list\n", "", 1)
	b = strings.Replace(b, "      - Delete a task\n", "      - Delete a task, with an undo for ten seconds\n", 1)
	b = strings.Replace(b, "      - Sign in and sign out\n", "      - Sign in and sign out\n      - Sign in with a magic link sent by email\n", 1)
	oldDir, newDir := project(t, a, i), project(t, b, i)

	var out, errb bytes.Buffer
	if code := run(context.Background(), []string{"diff", oldDir, filepath.Join(newDir, "prompts", "app_spec.txt")}, nil, nil, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	text := out.String()
	for _, want := range []string{
		"+1 feature, 1 changed, 1 removed; feature count 30\n",
		"  + Sign in with a magic link sent by (accounts)\n",
		"  ~ Delete a task, with an undo for ten: name, description\n",
		"  - Rename a list (lists)\n",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("text output lacks %q:\n%s", want, text)
		}
	}

	out.Reset()
	if code := run(context.Background(), []string{"diff", "--json", oldDir, newDir}, nil, nil, &out, &errb); code != 0 {
		t.Fatalf("--json exit %d: %s", code, errb.String())
	}
	var got struct {
		Summary string    `json:"summary"`
		Diff    spec.Diff `json:"diff"`
	}
	if err := json.Unmarshal(out.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Diff.Features.Changed) != 1 || got.Diff.Features.Changed[0].MatchedBy != "content" || got.Summary != "+1 feature, 1 changed, 1 removed; feature count 30" {
		t.Errorf("json = %+v", got)
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
