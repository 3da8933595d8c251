package termchat

import (
	"strings"
	"testing"
)

var card = []Question{{Question: "How involved?", Header: "Mode", Options: []Option{{Label: "Quick"}, {Label: "Detailed"}}}}

func live(c *Conversation, evs ...Event) {
	for _, ev := range evs {
		c.Apply(ev)
	}
}

// A server that ends the first half of a turn with response_done right
// after a question (the turn stays paused until the answer) leaves the
// question open and waiting for the user, as the server that sends no
// response_done there does.
func TestQuestionThenResponseDoneStaysOpen(t *testing.T) {
	for _, tail := range [][]Event{nil, {{Type: "response_done", Seq: 4}}} {
		c := Conversation{Known: true}
		live(&c, Event{Type: "text", Content: "Hi"}, Event{Type: "user", Seq: 2, Content: "an app"},
			Event{Type: "question", Seq: 3, Questions: card, ToolID: "toolu_1"})
		live(&c, tail...)
		q := c.OpenQuestion()
		if q == nil || q.ToolID != "toolu_1" || !c.WaitingForUser() || c.Busy() {
			t.Fatalf("tail %v: open question %v, waiting %v, busy %v", tail, q, c.WaitingForUser(), c.Busy())
		}
		frame, flat := answersFrame(q, []Choice{{Picked: []int{1}}})
		if flat != "Detailed" || frame.Answers["0"] != "Detailed" || *frame.ToolID != "toolu_1" {
			t.Errorf("answer %v %q", frame, flat)
		}
		c.SentAnswer(flat)
		if c.OpenQuestion() != nil || !c.Busy() {
			t.Error("the answer did not close the card")
		}
		// The answer's own response_done ends the turn.
		live(&c, Event{Type: "user", Seq: 5, Content: "Detailed", ToolID: "toolu_1"}, Event{Type: "text", Content: "OK"}, Event{Type: "response_done", Seq: 7})
		if !c.WaitingForUser() || c.Items[len(c.Items)-1].Open {
			t.Errorf("after the answer: waiting %v, items %s", c.WaitingForUser(), itemsText(c.Items))
		}
	}
}

// An answer may go out the moment its question arrives, before the
// response_done that ends the question's request: that response_done
// leaves the answer on its way, so it is not the user's turn (a script
// would send its next line into the running turn and be refused) until
// the answer's own reply ends.
func TestAnswerBeforeQuestionsResponseDone(t *testing.T) {
	c := Conversation{Known: true}
	live(&c, Event{Type: "question", Seq: 3, Questions: card, ToolID: "toolu_1"})
	c.SentAnswer("Detailed")
	live(&c, Event{Type: "response_done", Seq: 4})
	if c.WaitingForUser() || !c.Busy() || c.OpenQuestion() != nil {
		t.Fatalf("after the question's response_done: waiting %v, busy %v, items %s", c.WaitingForUser(), c.Busy(), itemsText(c.Items))
	}
	live(&c, Event{Type: "user", Seq: 5, Content: "Detailed", ToolID: "toolu_1"}, Event{Type: "text", Content: "Next."})
	if c.WaitingForUser() || !c.Busy() {
		t.Fatalf("while the answer's reply streams: waiting %v", c.WaitingForUser())
	}
	live(&c, Event{Type: "response_done", Seq: 7})
	if !c.WaitingForUser() || countText(c.Items, KindUser, "Detailed") != 1 || c.pendingUser() >= 0 {
		t.Errorf("after the answer's reply: waiting %v, items %s", c.WaitingForUser(), itemsText(c.Items))
	}
}

// An interrupt at a paused question closes it.
func TestInterruptClosesQuestion(t *testing.T) {
	c := Conversation{Known: true}
	live(&c, Event{Type: "question", Seq: 1, Questions: card}, Event{Type: "response_done", Seq: 2, Interrupted: true})
	if c.OpenQuestion() != nil || countText(c.Items, KindNotice, "Stopped") != 1 {
		t.Errorf("items %s", itemsText(c.Items))
	}
}

// A refused message goes back to the composer; a refused answer reopens
// its card.
func TestRefusalRestores(t *testing.T) {
	c := Conversation{Known: true}
	live(&c, Event{Type: "question", Seq: 1, Questions: card})
	c.SentAnswer("Quick")
	live(&c, Event{Type: "error", Content: "A response is already in progress; wait for it to finish"})
	if c.Restore != "Quick" || c.OpenQuestion() == nil || c.Busy() {
		t.Errorf("restore %q, open %v", c.Restore, c.OpenQuestion())
	}
}

// A message the replay does not hold never reached the server: it comes
// back to the composer with a notice, and is not shown as sent.
func TestLostMessageComesBack(t *testing.T) {
	c := Conversation{Known: true}
	live(&c, Event{Type: "text", Content: "Hi"}, Event{Type: "response_done", Seq: 2})
	c.SentMessage("my idea")
	c.Disconnected()
	f := c.Connected()
	if f.AfterSeq != 2 {
		t.Fatalf("resume after %d", f.AfterSeq)
	}
	live(&c, Event{Type: "resumed", SessionID: 1, LastSeq: 2})
	if c.Restore != "my idea" || countText(c.Items, KindUser, "my idea") != 0 || countText(c.Items, KindNotice, "did not reach") != 1 {
		t.Errorf("restore %q items %s", c.Restore, itemsText(c.Items))
	}
}

// Live events that reach a new socket before its resume is read are
// repeated by the replay; they are taken once.
func TestReplayDropsEarlyLiveEvents(t *testing.T) {
	c := Conversation{Known: true}
	live(&c, Event{Type: "text", Content: "Hi"}, Event{Type: "response_done", Seq: 2})
	c.Connected()
	live(&c,
		Event{Type: "user", Seq: 3, Content: "from another tab"}, // live, early
		Event{Type: "user", Seq: 3, Content: "from another tab"}, // the replay
		Event{Type: "text", Content: "Thinking about"},           // the block so far
		Event{Type: "resumed", SessionID: 1, LastSeq: 3, Running: true},
		Event{Type: "text", Content: " it"},
	)
	checkShown(t, c.Items, map[string]int{"from another tab": 1, "Thinking about it": 1})
}

// Plain mode writes text once across a reconnect's replay.
func TestPrinterWritesReplayOnce(t *testing.T) {
	var b strings.Builder
	p := newPrinter(&b)
	c := Conversation{Known: true}
	live(&c, Event{Type: "text", Content: "Part one, "})
	p.show(&c)
	c.Disconnected()
	c.Connected()
	live(&c, Event{Type: "text", Seq: 3, Content: "Part one, and two."}, Event{Type: "response_done", Seq: 4}, Event{Type: "resumed", SessionID: 1, LastSeq: 4})
	p.show(&c)
	if got := b.String(); got != "specwright: Part one, and two.\n" {
		t.Errorf("printed %q", got)
	}
}

func TestParseChoice(t *testing.T) {
	multi := Question{MultiSelect: true, Options: []Option{{Label: "A"}, {Label: "B"}, {Label: "C"}}}
	single := Question{Options: multi.Options}
	for _, c := range []struct {
		q    Question
		in   string
		want any
	}{
		{single, "2", "B"}, {single, " c ", "C"}, {single, "1,3", "1,3"}, {single, "my own", "my own"},
		{multi, "1,3", []string{"A", "C"}}, {multi, "B", []string{"B"}}, {multi, "9", []string{"9"}},
	} {
		got := parseChoice(c.q, c.in).value(c.q)
		if strings.Join(asList(got), "|") != strings.Join(asList(c.want), "|") {
			t.Errorf("%q: got %v, want %v", c.in, got, c.want)
		}
	}
}

func asList(v any) []string {
	if s, ok := v.(string); ok {
		return []string{s}
	}
	return v.([]string)
}

// After the response_done of a turn that sent spec_complete, the user's
// turn waits for its complete, so that a script's next line is not sent
// in between.
func TestWaitsForCompleteAfterSpecComplete(t *testing.T) {
	c := Conversation{Known: true}
	live(&c, Event{Type: "file_written", Seq: 1, Path: "prompts/app_spec.txt"}, Event{Type: "spec_complete", Seq: 2}, Event{Type: "response_done", Seq: 3})
	if c.WaitingForUser() {
		t.Fatal("the user's turn came before complete")
	}
	live(&c, Event{Type: "complete", Seq: 4})
	if !c.WaitingForUser() || !c.Complete {
		t.Fatal("complete did not end the turn")
	}
}
