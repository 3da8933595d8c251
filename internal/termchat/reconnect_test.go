package termchat

import (
	"strings"
	"testing"
	"time"

	"github.com/specwright/specwright/internal/llm/llmtest"
)

// midReply runs the client with Claude (the fake) into the middle of a
// streamed reply that then stalls for stall and breaks; the reply after
// it is "Back again.".
func midReply(t *testing.T, stall time.Duration) (*testServer, *tui) {
	t.Helper()
	p, _ := anthropicFake(t, llmtest.Script(
		llmtest.Text("Hello! ", "What would you like to build?"),
		llmtest.Stall(stall, llmtest.Text("Part one of the reply, ", "and the rest").Events[:4]...),
		llmtest.Text("Back again."),
	))
	s := startTestServer(t, p)
	u := startTUI(t, s.server(), "midreply")
	u.yourTurn()
	u.say("Tell me more.")
	u.wait("the reply to stream", func(s snap) bool { return countText(s.items, KindAssistant, "Part one") == 1 })
	return s, u
}

// The server restarts in the middle of a streamed reply: the client
// shows the connection lost, dials again, resumes after the last seq it
// saw, and ends with each piece of the conversation exactly once; the
// next message continues the same session.
func TestTUIReconnectAfterServerRestartMidReply(t *testing.T) {
	s, u := midReply(t, time.Minute)
	s.restart()
	u.wait("the drop to show", func(s snap) bool { return s.conn == connDown })
	back := u.wait("the resumed view", func(s snap) bool { return s.conn == connUp && s.waiting })
	if !strings.Contains(back.view, "● connected") {
		t.Errorf("header after the reconnect:\n%s", back.view)
	}
	checkShown(t, back.items, map[string]int{"What would you like to build?": 1, "Tell me more.": 1, "Part one of the reply,": 1})
	errs := 0
	for _, it := range back.items {
		if it.Kind == KindError {
			errs++
		}
	}
	if errs > 1 {
		t.Errorf("%d errors shown for one interrupted turn: %s", errs, itemsText(back.items))
	}

	u.say("Go on.")
	end := u.wait("the next reply", func(s snap) bool { return s.waiting && countText(s.items, KindAssistant, "Back again.") == 1 })
	checkShown(t, end.items, map[string]int{"What would you like to build?": 1, "Tell me more.": 1, "Part one of the reply,": 1, "Go on.": 1, "Back again.": 1})
	for _, it := range end.items {
		if it.Kind == KindUser && it.Pending {
			t.Errorf("a message is still unacknowledged: %s", itemsText(end.items))
		}
	}
}

// checkShown fails unless each text appears as often as wanted in the
// conversation, counting repeats inside one item too.
func checkShown(t *testing.T, items []Item, want map[string]int) {
	t.Helper()
	for text, n := range want {
		got := 0
		for _, it := range items {
			got += strings.Count(it.Text, text)
		}
		if got != n {
			t.Errorf("%q shown %d times, want %d: %s", text, got, n, itemsText(items))
		}
	}
}

// The socket drops in the middle of a streamed reply while the server
// goes on: the client dials again, and the replay's "block so far"
// replaces what was streamed rather than being added to it; the rest of
// the turn arrives live.
func TestTUIReconnectMidReplyAfterDrop(t *testing.T) {
	_, u := midReply(t, time.Second)
	u.dropSocket()
	u.wait("the drop to show", func(s snap) bool { return s.conn == connDown })
	// The stream stalls for a second and then breaks: the turn ends
	// with an error, after the reconnect.
	end := u.wait("the end of the turn", func(s snap) bool { return s.conn == connUp && s.waiting })
	checkShown(t, end.items, map[string]int{"What would you like to build?": 1, "Tell me more.": 1, "Part one of the reply, ": 1})
	u.say("Go on.")
	end = u.wait("the next reply", func(s snap) bool { return s.waiting && countText(s.items, KindAssistant, "Back again.") == 1 })
	checkShown(t, end.items, map[string]int{"Part one of the reply, ": 1, "Go on.": 1, "Back again.": 1})
}
