package termchat

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/specwright/specwright/internal/llm/guided"
)

// guidedScript answers the detailed guided interview line by line as a
// script would: the overview, option numbers ("1,3" for several), lists
// and a correction in its own words. Each line answers one question; the
// test checks that they line up.
const guidedScript = `A recipe box for families: save recipes and plan weekly meals.
2
1
1
1
1
1
1
1,3
1
1
Save recipes, plan meals for the week
that's all
cooks can add recipes, parents can plan meals
1
1
a meal plan has recipes
1
1,2
1
yes
`

// A script drives --plain to a finished, valid spec, and the transcript
// on stdout shows the whole conversation once, each line of the script
// answering the question it was written for. No spare lines: a script
// out of step with the interview runs out of input and fails.
func TestPlainScriptReachesValidSpec(t *testing.T) {
	s := startTestServer(t, guided.New())
	var out, errOut strings.Builder
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	in := strings.NewReader(guidedScript)
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
		"you: Accounts & sign-in, Sharing; Search; Works on phones",
		"I'll turn each line into features.\nyou: Save recipes, plan meals for the week\nspecwright: Got it: 2 main activities.",
		"say \"that's all\".\nyou: that's all\n",
		"you: cooks can add recipes, parents can plan meals\nspecwright: Roles: cooks and parents.",
		"[question] Links:",
		"you: a meal plan has recipes\n",
		"People who use it: cooks and parents.",
		"you: Everything works, Easy to learn; Clean and light (Recommended)",
		"[question] Generate:",
		"you: Yes\n",
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
	if strings.Contains(got, "[error]") {
		t.Errorf("the server refused or failed something:\n%s", got)
	}
	if r.Spec.FeatureCount < 10 {
		t.Errorf("feature count %d", r.Spec.FeatureCount)
	}
	// The link typed in the person's own words reached the spec.
	if app := string(s.file("recipes", "prompts/app_spec.txt")); !strings.Contains(app, "<meal_plan_recipes>") {
		t.Error("the spec has no table linking meal plans and recipes")
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

// A refusal ends a scripted run with the server's reason: the script's
// next line was written for another state. The refusal takes the
// refused message out as it adds the error, which must not hide it.
func TestPlainRefusalEndsTheRun(t *testing.T) {
	var out strings.Builder
	p := &plain{cfg: Config{Out: &out, Err: &out}, out: newPrinter(&out), decided: true}
	p.conv.Known = true
	for _, ev := range []Event{{Type: "text", Content: "Hi"}, {Type: "response_done", Seq: 2}} {
		if _, err := p.event(ev); err != nil {
			t.Fatal(err)
		}
	}
	p.conv.SentMessage("my idea")
	_, err := p.event(Event{Type: "error", Content: "A response is already in progress; wait for it to finish"})
	if err == nil || !strings.Contains(err.Error(), "already in progress") {
		t.Fatalf("err = %v", err)
	}
}
