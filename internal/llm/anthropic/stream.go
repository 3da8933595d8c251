package anthropic

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/specwright/specwright/internal/chat"
	"github.com/specwright/specwright/internal/llm"
)

// event is the part of one stream event that a Reply is built from. The
// SDK's SSE reader and error handling are kept (see Provider.Stream), but
// each event is decoded with encoding/json into this small struct instead
// of the SDK's union type: the union's reflective decoder and
// Message.Accumulate, which re-concatenates the text on every delta, cost
// about half the server's CPU per streamed chunk under load (issue 13).
type event struct {
	Type  string `json:"type"`
	Index int64  `json:"index"`
	// message_start
	Message struct {
		Usage usage `json:"usage"`
	} `json:"message"`
	// content_block_start
	ContentBlock struct {
		Type  string          `json:"type"`
		Text  string          `json:"text"`
		ID    string          `json:"id"`
		Name  string          `json:"name"`
		Input json.RawMessage `json:"input"`
	} `json:"content_block"`
	// content_block_delta and message_delta
	Delta struct {
		Type        string `json:"type"`
		Text        string `json:"text"`
		PartialJSON string `json:"partial_json"`
		StopReason  string `json:"stop_reason"`
	} `json:"delta"`
	// message_delta: cumulative totals; the counts it leaves out keep
	// message_start's values.
	Usage usage `json:"usage"`
}

type usage struct {
	InputTokens              *int64 `json:"input_tokens"`
	OutputTokens             *int64 `json:"output_tokens"`
	CacheReadInputTokens     *int64 `json:"cache_read_input_tokens"`
	CacheCreationInputTokens *int64 `json:"cache_creation_input_tokens"`
}

// block is one content block being streamed.
type block struct {
	typ      string
	id, name string
	text     strings.Builder
	// input is the tool_use block's input: partial_json as sent, or, when
	// none was sent, the input of content_block_start.
	input   []byte
	partial bool
	// size counts the bytes the model sent for the block; cut is set once
	// that passed its bound, after which its deltas are dropped.
	size int
	cut  bool
}

// accumulator folds the events of one stream into a reply, handing text
// deltas on as they arrive.
type accumulator struct {
	blocks   []block
	usage    llm.Usage
	stop     string
	complete bool // message_stop arrived
	bounds   llm.Bounds
}

// over counts n more bytes of b and reports whether b is now past bound:
// its deltas are then dropped, not accumulated.
func (b *block) over(n, bound int) bool {
	b.size += n
	if b.cut || llm.Over(b.size, bound) {
		b.cut = true
	}
	return b.cut
}

func (a *accumulator) add(ev *event, onText func(string)) error {
	switch ev.Type {
	case "message_start":
		a.setUsage(ev.Message.Usage)
	case "content_block_start":
		// Blocks start in index order with no gaps.
		if ev.Index != int64(len(a.blocks)) {
			return fmt.Errorf("received event of type %s for content block at index %d, expected index %d", ev.Type, ev.Index, len(a.blocks))
		}
		cb := &ev.ContentBlock
		a.blocks = append(a.blocks, block{typ: cb.Type, id: cb.ID, name: cb.Name, input: bytes.Clone(cb.Input)})
		a.blocks[ev.Index].text.WriteString(cb.Text)
	case "content_block_delta":
		b, err := a.at(ev)
		if err != nil {
			return err
		}
		switch ev.Delta.Type {
		case "text_delta":
			if b.over(len(ev.Delta.Text), a.bounds.Text) {
				return nil
			}
			b.text.WriteString(ev.Delta.Text)
			if onText != nil && ev.Delta.Text != "" {
				onText(ev.Delta.Text)
			}
		case "input_json_delta":
			if b.over(len(ev.Delta.PartialJSON), a.bounds.ToolInput) {
				return nil
			}
			if ev.Delta.PartialJSON != "" {
				if !b.partial {
					b.input, b.partial = b.input[:0], true
				}
				b.input = append(b.input, ev.Delta.PartialJSON...)
			}
		}
	case "content_block_stop":
		if _, err := a.at(ev); err != nil {
			return err
		}
	case "message_delta":
		a.stop = ev.Delta.StopReason
		a.setUsage(ev.Usage)
	case "message_stop":
		a.complete = true
	}
	return nil
}

// at returns the block an event addresses.
func (a *accumulator) at(ev *event) (*block, error) {
	if ev.Index < 0 || ev.Index >= int64(len(a.blocks)) {
		return nil, fmt.Errorf("received event of type %s for content block at index %d, but only %d blocks have started", ev.Type, ev.Index, len(a.blocks))
	}
	return &a.blocks[ev.Index], nil
}

func (a *accumulator) setUsage(u usage) {
	set := func(dst *int64, v *int64) {
		if v != nil {
			*dst = *v
		}
	}
	set(&a.usage.InputTokens, u.InputTokens)
	set(&a.usage.OutputTokens, u.OutputTokens)
	set(&a.usage.CacheReadTokens, u.CacheReadInputTokens)
	set(&a.usage.CacheWriteTokens, u.CacheCreationInputTokens)
}

// reply returns the text and tool_use blocks of the message, in order.
// Other blocks (thinking, server tools) are not asked for and are dropped.
func (a *accumulator) reply() (llm.Reply, error) {
	r := llm.Reply{StopReason: stopReason(a.stop), Usage: a.usage}
	for i := range a.blocks {
		b := &a.blocks[i]
		if b.cut && (b.typ == "text" || b.typ == "tool_use") {
			if r.Cut == nil {
				r.Cut = map[int]int{}
			}
			r.Cut[len(r.Content)] = b.size
		}
		switch b.typ {
		case "text":
			if b.text.Len() > 0 || b.cut && b.size > 0 {
				r.Content = append(r.Content, chat.TextBlock(b.text.String()))
			}
		case "tool_use":
			input := bytes.TrimSpace(b.input)
			if b.cut {
				input = []byte("{}") // what arrived is a fragment: keep none of it
			}
			if len(input) == 0 {
				input = []byte("{}")
			}
			if !isObject(input) {
				return llm.Reply{}, fmt.Errorf("tool_use %s (%s): input is not a JSON object: %.200s", b.id, b.name, input)
			}
			r.Content = append(r.Content, chat.Block{
				Type:  chat.BlockToolUse,
				ID:    b.id,
				Name:  b.name,
				Input: json.RawMessage(bytes.Clone(input)),
			})
		}
	}
	return r, nil
}

// stopReason maps the API's stop_reason values (anthropic.StopReason*).
func stopReason(s string) llm.StopReason {
	switch s {
	case "end_turn":
		return llm.StopEndTurn
	case "tool_use":
		return llm.StopToolUse
	case "max_tokens", "model_context_window_exceeded":
		// Both mean the reply was cut short for room.
		return llm.StopMaxTokens
	case "refusal":
		return llm.StopRefusal
	default:
		return llm.StopOther
	}
}
