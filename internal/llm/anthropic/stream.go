package anthropic

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/anthropics/anthropic-sdk-go"

	"github.com/specwright/specwright/internal/chat"
	"github.com/specwright/specwright/internal/llm"
)

// accumulator folds the events of one stream into a message, handing text
// deltas on as they arrive.
type accumulator struct {
	msg anthropic.Message
	// inputs keeps each tool_use block's partial_json as sent, because
	// Message.Accumulate quietly turns input that does not parse into {}.
	inputs   map[int64]*strings.Builder
	complete bool // message_stop arrived

	bounds llm.Bounds
	sizes  map[int64]int // bytes the model sent per block
	cut    map[int64]int // blocks past their bound: the bytes sent
}

// over counts n more bytes of block i and reports whether the block is
// now past bound: its deltas are then dropped, not accumulated.
func (a *accumulator) over(i int64, n, bound int) bool {
	if a.sizes == nil {
		a.sizes, a.cut = map[int64]int{}, map[int64]int{}
	}
	a.sizes[i] += n
	if _, cut := a.cut[i]; cut || llm.Over(a.sizes[i], bound) {
		a.cut[i] = a.sizes[i]
		return true
	}
	return false
}

func (a *accumulator) add(ev anthropic.MessageStreamEventUnion, onText func(string)) error {
	if e, ok := ev.AsAny().(anthropic.ContentBlockDeltaEvent); ok {
		switch d := e.Delta.AsAny().(type) {
		case anthropic.TextDelta:
			if a.over(e.Index, len(d.Text), a.bounds.Text) {
				return nil
			}
		case anthropic.InputJSONDelta:
			if a.over(e.Index, len(d.PartialJSON), a.bounds.ToolInput) {
				return nil
			}
		}
	}
	if err := a.msg.Accumulate(ev); err != nil {
		return err
	}
	switch e := ev.AsAny().(type) {
	case anthropic.ContentBlockDeltaEvent:
		switch d := e.Delta.AsAny().(type) {
		case anthropic.TextDelta:
			if onText != nil && d.Text != "" {
				onText(d.Text)
			}
		case anthropic.InputJSONDelta:
			if a.inputs == nil {
				a.inputs = map[int64]*strings.Builder{}
			}
			if a.inputs[e.Index] == nil {
				a.inputs[e.Index] = &strings.Builder{}
			}
			a.inputs[e.Index].WriteString(d.PartialJSON)
		}
	case anthropic.MessageStopEvent:
		a.complete = true
	}
	return nil
}

// reply returns the text and tool_use blocks of the message, in order.
// Other blocks (thinking, server tools) are not asked for and are dropped.
func (a *accumulator) reply() (llm.Reply, error) {
	u := a.msg.Usage
	r := llm.Reply{
		StopReason: stopReason(a.msg.StopReason),
		Usage: llm.Usage{
			InputTokens:      u.InputTokens,
			OutputTokens:     u.OutputTokens,
			CacheReadTokens:  u.CacheReadInputTokens,
			CacheWriteTokens: u.CacheCreationInputTokens,
		},
	}
	for i, b := range a.msg.Content {
		if n, cut := a.cut[int64(i)]; cut && (b.Type == "text" || b.Type == "tool_use") {
			if r.Cut == nil {
				r.Cut = map[int]int{}
			}
			r.Cut[len(r.Content)] = n
		}
		switch b.Type {
		case "text":
			if b.Text != "" || a.cut[int64(i)] > 0 {
				r.Content = append(r.Content, chat.TextBlock(b.Text))
			}
		case "tool_use":
			input := []byte(b.Input)
			if sent := a.inputs[int64(i)]; sent != nil && sent.Len() > 0 {
				input = []byte(sent.String())
			}
			if _, cut := a.cut[int64(i)]; cut {
				input = []byte("{}") // what arrived is a fragment: keep none of it
			}
			input = bytes.TrimSpace(input)
			if len(input) == 0 {
				input = []byte("{}")
			}
			if !isObject(input) {
				return llm.Reply{}, fmt.Errorf("tool_use %s (%s): input is not a JSON object: %.200s", b.ID, b.Name, input)
			}
			r.Content = append(r.Content, chat.Block{
				Type:  chat.BlockToolUse,
				ID:    b.ID,
				Name:  b.Name,
				Input: json.RawMessage(bytes.Clone(input)),
			})
		}
	}
	return r, nil
}

func stopReason(s anthropic.StopReason) llm.StopReason {
	switch s {
	case anthropic.StopReasonEndTurn:
		return llm.StopEndTurn
	case anthropic.StopReasonToolUse:
		return llm.StopToolUse
	case anthropic.StopReasonMaxTokens, anthropic.StopReasonModelContextWindowExceeded:
		// Both mean the reply was cut short for room.
		return llm.StopMaxTokens
	case anthropic.StopReasonRefusal:
		return llm.StopRefusal
	default:
		return llm.StopOther
	}
}
