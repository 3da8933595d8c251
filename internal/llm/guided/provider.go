package guided

import (
	"context"
	"fmt"
	"unicode"

	"github.com/specwright/specwright/internal/chat"
	"github.com/specwright/specwright/internal/llm"
)

// Provider is the guided interviewer. It keeps no state: every reply is
// derived from the conversation in the request, so one Provider serves
// any number of sessions at once, and an interview continues where it
// stood after a restart.
type Provider struct{}

var _ llm.Provider = (*Provider)(nil)

// New returns the guided interviewer.
func New() *Provider { return &Provider{} }

// Name returns "guided".
func (*Provider) Name() string { return "guided" }

// Model returns "": there is no model.
func (*Provider) Model() string { return "" }

// wordsPerChunk is how many words each onText call carries, so the text
// arrives in pieces the way a model's does.
const wordsPerChunk = 8

// Stream replies to the conversation in req. The reply's text goes to
// onText in chunks of a few words and is also the reply's first block;
// tool calls (AskUserQuestion, Write) follow it. req.Project names the
// project in the spec; req.System, req.Tools and req.MaxTokens are
// ignored. Stream fails only when ctx ends.
func (p *Provider) Stream(ctx context.Context, req llm.Request, onText func(string)) (llm.Reply, error) {
	if err := ctx.Err(); err != nil {
		return llm.Reply{}, fmt.Errorf("guided: %w", err)
	}
	blocks := relayout(respond(req.Project, req.Messages), req.PromptsDir)
	stop := llm.StopEndTurn
	for _, b := range blocks {
		switch b.Type {
		case chat.BlockText:
			for _, c := range chunks(b.Text, wordsPerChunk) {
				if err := ctx.Err(); err != nil {
					return llm.Reply{}, fmt.Errorf("guided: %w", err)
				}
				if onText != nil {
					onText(c)
				}
			}
		case chat.BlockToolUse:
			stop = llm.StopToolUse
		}
	}
	return llm.Reply{Content: blocks, StopReason: stop}, nil
}

// chunks splits s into pieces of n words each; the pieces keep all of
// s's white space, so they join back into s exactly.
func chunks(s string, n int) []string {
	var out []string
	start, words, inWord := 0, 0, false
	for i, r := range s {
		space := unicode.IsSpace(r)
		if !space && !inWord {
			if words == n {
				out = append(out, s[start:i])
				start, words = i, 0
			}
			words++
		}
		inWord = !space
	}
	if start < len(s) {
		out = append(out, s[start:])
	}
	return out
}
