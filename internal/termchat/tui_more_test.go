package termchat

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/specwright/specwright/internal/llm/guided"
)

// Without a project the client lists the projects with their state and
// lets the person create one, which then opens; a taken name is refused
// with the server's reason.
func TestTUIProjectsListAndCreate(t *testing.T) {
	s := startTestServer(t, guided.New())
	if err := s.server().CreateProject(context.Background(), "alpha"); err != nil {
		t.Fatal(err)
	}
	u := startTUI(t, s.server(), "")
	list := u.wait("the project list", func(s snap) bool { return strings.Contains(s.view, "+ New project") })
	if !strings.Contains(list.view, "alpha") || !strings.Contains(list.view, "not started") {
		t.Fatalf("list:\n%s", list.view)
	}
	u.typeText("n")
	u.typeText("alpha")
	u.enter()
	u.wait("the refusal", func(s snap) bool { return strings.Contains(s.view, "exists") })
	for range len("alpha") {
		u.key(tea.KeyBackspace)
	}
	u.typeText("beta")
	u.enter()
	st := u.yourTurn()
	if !strings.Contains(strings.SplitN(st.view, "\n", 2)[0], "beta") || !strings.Contains(st.view, "Tell me about the app") {
		t.Fatalf("beta did not open:\n%s", st.view)
	}
}

// The composer: Alt+Enter breaks the line, a long paste is taken whole,
// Enter sends it all as one message; a resize redraws to the new size;
// ctrl+c with nothing running asks first, and twice quits.
func TestTUIComposerResizeAndQuit(t *testing.T) {
	s := startTestServer(t, guided.New())
	u := startTUI(t, s.server(), "composer")
	u.yourTurn()
	u.typeText("line one")
	u.key(tea.KeyEnter, tea.ModAlt)
	u.typeText("line two")
	u.wait("two lines in the composer", func(s snap) bool {
		return strings.Contains(s.view, "┃ line one") && strings.Contains(s.view, "┃ line two")
	})
	long := strings.Repeat("pasted words ", 400)
	u.tm.Send(tea.PasteMsg{Content: "\n" + long})
	n := len(u.now().items)
	u.enter()
	st := u.wait("the message", func(s snap) bool { return len(s.items) > n && !s.busy })
	want := "line one\nline two\n" + strings.TrimSpace(long)
	if got := countText(st.items, KindUser, want); got != 1 {
		t.Errorf("the message was not sent whole: %s", itemsText(st.items)[:200])
	}

	u.tm.Send(tea.WindowSizeMsg{Width: 100, Height: 30})
	big := u.wait("the resize", func(s snap) bool { return strings.Count(s.view, "\n") == 29 })
	for i, l := range strings.Split(big.view, "\n") {
		if w := ansi.StringWidth(l); w > 100 {
			t.Errorf("line %d is %d cells wide", i+1, w)
		}
	}
	if !strings.HasSuffix(strings.SplitN(big.view, "\n", 2)[0], "● connected") {
		t.Errorf("the header does not span the new width:\n%s", big.view)
	}

	u.key('c', tea.ModCtrl)
	u.wait("the question", func(s snap) bool { return strings.Contains(s.view, "Press ctrl+c again to quit.") })
	u.key('c', tea.ModCtrl)
	u.tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
}

// The spec pane exports both files to a folder of the person's choice;
// then --new starts the project over.
func TestTUIExport(t *testing.T) {
	s := startTestServer(t, guided.New())
	var out strings.Builder
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := Run(ctx, Config{Server: s.server(), Project: "exp", Plain: true, In: strings.NewReader(guidedScript), Out: &out, Err: &out}); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	u := startTUI(t, s.server(), "exp")
	u.yourTurn()
	u.key('s', tea.ModCtrl)
	u.wait("the spec pane", func(s snap) bool { return s.spec != nil })
	dir := filepath.Join(t.TempDir(), "out")
	u.typeText("e")
	u.wait("the folder prompt", func(s snap) bool { return strings.Contains(s.view, "Export to folder: exp-spec") })
	u.key('u', tea.ModCtrl)
	u.typeText(dir)
	u.enter()
	u.wait("the export", func(s snap) bool { return strings.Contains(s.view, "Exported to") })
	for _, f := range []string{"app_spec.txt", "initializer_prompt.md"} {
		got, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != string(s.file("exp", "prompts/"+f)) {
			t.Errorf("%s differs from the server's", f)
		}
	}
	u.tm.Quit()
	u.tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))

	// --new starts over: the finished interview is archived, a new one
	// greets.
	n := startTUI(t, s.server(), "exp", func(c *Config) { c.New = true })
	st := n.yourTurn()
	if st.complete || !strings.Contains(st.view, "Tell me about the app") || strings.Contains(st.view, "spec complete") {
		t.Errorf("--new:\n%s", st.view)
	}
	if len(st.items) != 1 {
		t.Errorf("--new shows the old interview: %s", itemsText(st.items))
	}
}
