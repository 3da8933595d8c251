package termchat

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/specwright/specwright/internal/llm/guided"
)

// guidedScript answers the guided interview line by line as a script
// would: the overview, option numbers, lists in its own words.
const guidedScript = `A recipe box for families: save recipes and plan weekly meals.
2
1
1
1
1
1,3
2
Save recipes
Plan meals for the week
1
1,2
yes
`

// A script drives --plain to a finished, valid spec, and the transcript
// on stdout shows the whole conversation once.
func TestPlainScriptReachesValidSpec(t *testing.T) {
	s := startTestServer(t, guided.New())
	var out, errOut strings.Builder
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	in := strings.NewReader(guidedScript + strings.Repeat("1\n", 30))
	err := Run(ctx, Config{Server: s.server(), Project: "recipes", Plain: true, In: in, Out: &out, Err: &errOut})
	if err != nil {
		t.Fatalf("Run: %v\nstdout:\n%s\nstderr:\n%s", err, out.String(), errOut.String())
	}
	r := s.checkSpec("recipes")
	got := out.String()
	for _, want := range []string{
		"specwright: Hello! This is specwright's guided mode",
		"you: A recipe box for families",
		"[question] Involvement:",
		"  2. Detailed",
		"you: Detailed",
		"[file] prompts/app_spec.txt written",
		"[complete] The spec is complete",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("stdout lacks %q", want)
		}
	}
	if n := strings.Count(got, "Hello! This is specwright's guided mode"); n != 1 {
		t.Errorf("the greeting is written %d times", n)
	}
	if r.Spec.FeatureCount < 10 {
		t.Errorf("feature count %d", r.Spec.FeatureCount)
	}
}

// Input that ends before the spec is complete fails with the reason.
func TestPlainInputEndsEarly(t *testing.T) {
	s := startTestServer(t, guided.New())
	var out strings.Builder
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	err := Run(ctx, Config{Server: s.server(), Project: "short", Plain: true, In: strings.NewReader("A todo app.\n"), Out: &out, Err: &out})
	if err == nil || !strings.Contains(err.Error(), "input ended before the spec was complete") {
		t.Fatalf("err = %v", err)
	}
	if !strings.Contains(out.String(), "you: A todo app.") {
		t.Errorf("the reply was not sent:\n%s", out.String())
	}
}

// Plain mode needs a project; a bad name is the server's refusal.
func TestPlainRefusals(t *testing.T) {
	s := startTestServer(t, guided.New())
	var out strings.Builder
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := Run(ctx, Config{Server: s.server(), Plain: true, In: strings.NewReader(""), Out: &out, Err: &out}); err == nil || !strings.Contains(err.Error(), "needs a project") {
		t.Errorf("no project: %v", err)
	}
	if err := Run(ctx, Config{Server: s.server(), Project: "bad.name", Plain: true, In: strings.NewReader(""), Out: &out, Err: &out}); err == nil || !strings.Contains(err.Error(), "Invalid project name") {
		t.Errorf("bad name: %v", err)
	}
}
