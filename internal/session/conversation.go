package session

import (
	"github.com/specwright/specwright/internal/chat"
	"github.com/specwright/specwright/internal/tool"
)

// pending is a structured question the model asked and the user has not
// answered yet.
type pending struct {
	ToolID    string
	Questions []chat.Question
}

// pendingQuestion finds the AskUserQuestion call of the last assistant
// message that has no result yet. It reads only the stored conversation,
// so a question survives a restart of the server.
func pendingQuestion(msgs []chat.Message) *pending {
	last := -1
	for i := len(msgs) - 1; i >= 0; i-- {
		if msgs[i].Role == chat.RoleAssistant {
			last = i
			break
		}
	}
	if last < 0 {
		return nil
	}
	answered := map[string]bool{}
	for _, m := range msgs[last+1:] {
		for _, b := range m.Content {
			if b.Type == chat.BlockToolResult {
				answered[b.ToolUseID] = true
			}
		}
	}
	for _, b := range msgs[last].ToolUses() {
		if b.Name != tool.AskName || answered[b.ID] {
			continue
		}
		qs, err := tool.ParseAsk(b.Input)
		if err != nil {
			continue // it was answered with an error result at the time
		}
		return &pending{ToolID: b.ID, Questions: qs}
	}
	return nil
}

// interruptedResult is the tool result given to a call whose turn ended
// before it ran (a crash, a shutdown, an interrupt).
const interruptedResult = "This tool call did not run: the turn was interrupted before it completed."

// normalize turns the stored conversation into one every provider
// accepts: roles alternate, starting with the user; every tool_use is
// answered by a tool_result in the next message, results first; a result
// without its call becomes plain text. Stored history is never rewritten;
// only the request is.
func normalize(msgs []chat.Message) []chat.Message {
	var out []chat.Message
	for _, m := range msgs {
		if len(m.Content) == 0 {
			continue
		}
		if n := len(out); n > 0 && out[n-1].Role == m.Role {
			merged := append(append([]chat.Block(nil), out[n-1].Content...), m.Content...)
			out[n-1] = chat.Message{Role: m.Role, Content: merged}
			continue
		}
		out = append(out, chat.Message{Role: m.Role, Content: append([]chat.Block(nil), m.Content...)})
	}
	if len(out) > 0 && out[0].Role != chat.RoleUser {
		out = append([]chat.Message{{Role: chat.RoleUser, Content: []chat.Block{chat.TextBlock("(conversation resumed)")}}}, out...)
	}
	for i := 0; i < len(out); i++ {
		if out[i].Role != chat.RoleUser {
			continue
		}
		var calls []chat.Block
		if i > 0 {
			calls = out[i-1].ToolUses()
		}
		out[i].Content = orderResults(out[i].Content, calls)
	}
	// A trailing assistant message with calls needs results too.
	if n := len(out); n > 0 && out[n-1].Role == chat.RoleAssistant && len(out[n-1].ToolUses()) > 0 {
		out = append(out, chat.Message{Role: chat.RoleUser, Content: orderResults(nil, out[n-1].ToolUses())})
	}
	return out
}

// orderResults puts one result per call first, in call order (filling in
// results that are missing), and turns results that answer no call into
// text.
func orderResults(content []chat.Block, calls []chat.Block) []chat.Block {
	results := map[string]chat.Block{}
	var rest []chat.Block
	for _, b := range content {
		if b.Type == chat.BlockToolResult {
			if _, dup := results[b.ToolUseID]; !dup {
				results[b.ToolUseID] = b
				continue
			}
		}
		rest = append(rest, b)
	}
	out := make([]chat.Block, 0, len(content)+len(calls))
	for _, c := range calls {
		if r, ok := results[c.ID]; ok {
			out = append(out, r)
			delete(results, c.ID)
		} else {
			out = append(out, chat.ToolResult(c.ID, interruptedResult, true))
		}
	}
	for _, b := range content { // keep the original order of strays
		if b.Type == chat.BlockToolResult {
			if r, ok := results[b.ToolUseID]; ok {
				out = append(out, chat.TextBlock("Tool result: "+r.Text))
				delete(results, b.ToolUseID)
			}
		}
	}
	out = append(out, rest...)
	if len(out) == 0 {
		out = append(out, chat.TextBlock("(continue)"))
	}
	return out
}
