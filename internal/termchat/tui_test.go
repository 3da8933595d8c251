package termchat

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/specwright/specwright/internal/llm/guided"
	"github.com/specwright/specwright/internal/llm/llmtest"
)

// A whole guided interview by keyboard at 80×24: free text in the
// composer, every question card answered with number keys (and enter
// for multi-select) the moment it shows, to spec_complete; then the
// spec pane. Nothing is refused on the way: the client never takes the
// end of a question's request for the end of its answer. The screens at
// the first question, at the end and in the spec pane are golden.
func TestTUIGuidedInterviewByKeys(t *testing.T) {
	s := startTestServer(t, guided.New())
	u := startTUI(t, s.server(), "recipes")

	first := u.yourTurn()
	if !strings.Contains(first.view, "Tell me about the app") {
		t.Fatalf("no greeting:\n%s", first.view)
	}
	u.say("A recipe box for families: save recipes and plan weekly meals.")
	// The quick interview asks one question in free text, the activities;
	// it proposes the roles, things and links from them on a card.
	replies := []string{"Save recipes\nPlan meals for the week"}
	snapped := false
	for step := 0; ; step++ {
		if step > 80 {
			t.Fatal("no complete spec after 80 steps")
		}
		st := u.yourTurn()
		if st.complete {
			break
		}
		if st.question == nil {
			reply := "Nothing more to add."
			if len(replies) > 0 {
				reply, replies = replies[0], replies[1:]
			}
			u.say(reply)
			continue
		}
		if !snapped {
			u.snapshot("first-question", st)
			snapped = true
		}
		q := st.question.Questions[st.pickerQ]
		id, n, qi := st.question.ID, len(st.items), st.pickerQ
		u.typeText("1")
		if q.MultiSelect {
			u.enter()
		}
		u.wait("the pick to be taken", func(s snap) bool {
			return len(s.items) > n || s.question == nil || s.question.ID != id || s.pickerQ != qi
		})
	}
	end := u.wait("the completion line", func(s snap) bool { return strings.Contains(s.view, "The spec is complete") })
	if len(replies) > 0 {
		t.Errorf("the interview never asked for %q", replies)
	}
	if n := countText(end.items, KindError, ""); n > 0 {
		t.Errorf("%d errors on the way: %s", n, itemsText(end.items))
	}
	if countText(end.items, KindAssistant, "Things: recipes and meal plans.") != 1 {
		t.Errorf("the activities did not become the things: %s", itemsText(end.items))
	}
	u.snapshot("complete", end)
	s.checkSpec("recipes")

	u.key('s', tea.ModCtrl)
	pane := u.wait("the spec pane", func(s snap) bool { return s.spec != nil })
	if !strings.Contains(pane.view, "✓ Check: OK") || !strings.Contains(pane.view, "Features: ") {
		t.Errorf("spec pane:\n%s", pane.view)
	}
	u.snapshot("spec-pane", pane)
	u.key(tea.KeyEscape)
	u.wait("the interview again", func(s snap) bool { return !s.specShown })
}

// With Claude (the Anthropic fake): a structured question answered by
// keys (arrow down, enter), a streaming reply interrupted with ctrl+c,
// then the files written and the spec pane with the server's check.
func TestTUIAnthropicQuestionInterruptComplete(t *testing.T) {
	appSpec, initializer := goodSpec(t)
	p, fake := anthropicFake(t, llmtest.Script(
		llmtest.Text("Hello! ", "What would you like to build?"),
		llmtest.Tools("Nice idea.", llmtest.ToolCall{ID: "toolu_q1", Name: "AskUserQuestion", Input: involvement}),
		llmtest.Stall(time.Minute, llmtest.Text("Detailed it is. ", "Let me think about the parts").Events[:5]...),
		llmtest.Tools("Writing the files now.", write("toolu_w1", "prompts/app_spec.txt", appSpec), write("toolu_w2", "prompts/initializer_prompt.md", initializer)),
		llmtest.Text("Your spec is ready: ", "30 features."),
	))
	s := startTestServer(t, p)
	u := startTUI(t, s.server(), "chores")

	u.yourTurn()
	u.say("A chore chart for families.")
	st := u.wait("the question card", func(s snap) bool { return s.question != nil && s.waiting })
	if !strings.Contains(st.view, "› 1 ( ) Quick") || !strings.Contains(st.view, "2 ( ) Detailed") {
		t.Fatalf("the card:\n%s", st.view)
	}
	u.key(tea.KeyDown)
	u.enter()
	streaming := u.wait("the reply to stream", func(s snap) bool { return s.busy && countText(s.items, KindAssistant, "Detailed it is.") == 1 })
	if !strings.Contains(streaming.view, "thinking") {
		t.Errorf("no spinner while the reply streams:\n%s", streaming.view)
	}
	if got := fake.Requests()[2].Raw; !strings.Contains(string(got), `A: Detailed`) {
		t.Errorf("the answer did not reach the model: %.300s", got)
	}
	u.key('c', tea.ModCtrl)
	stopped := u.wait("the interrupt", func(s snap) bool { return !s.busy && countText(s.items, KindNotice, "Stopped") == 1 })
	if strings.Contains(stopped.view, "thinking") {
		t.Errorf("the spinner outlived the reply:\n%s", stopped.view)
	}
	if countText(stopped.items, KindAssistant, "Detailed it is.") != 1 {
		t.Errorf("the interrupted text is not kept once: %s", itemsText(stopped.items))
	}

	u.say("Write it.")
	done := u.wait("spec_complete", func(s snap) bool { return s.complete && s.waiting })
	if countText(done.items, KindAssistant, "Your spec is ready: 30 features.") != 1 {
		t.Errorf("final text: %s", itemsText(done.items))
	}
	s.checkSpec("chores")
	u.key('s', tea.ModCtrl)
	pane := u.wait("the spec pane", func(s snap) bool { return s.spec != nil })
	for _, want := range []string{"✓ Check: OK", "Features: 30 declared", "<project_specification>"} {
		if !strings.Contains(pane.view, want) {
			t.Errorf("spec pane lacks %q:\n%s", want, pane.view)
		}
	}
}
