package openai

import (
	"bufio"
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/specwright/specwright/internal/chat"
	"github.com/specwright/specwright/internal/llm"
)

// maxLine bounds one line of the event stream; a chunk is a few hundred
// bytes, and a whole tool call in one chunk (Ollama) a few hundred KB.
const maxLine = 16 << 20

// sseReader reads server-sent events: "data:" lines joined per event,
// "event:" names, comments and unknown fields skipped.
type sseReader struct {
	r *bufio.Reader
}

func newSSEReader(r io.Reader) *sseReader {
	return &sseReader{r: bufio.NewReaderSize(r, 64<<10)}
}

// next returns the next event. At a clean end of the stream it returns
// io.EOF; a stream cut in the middle gives the read error, and the
// partial line is dropped.
func (s *sseReader) next() (name string, data []byte, err error) {
	var buf []byte
	have := false
	for {
		line, err := s.line()
		if err != nil {
			if errors.Is(err, io.EOF) && len(line) > 0 {
				// The last line of a stream that ends without a newline.
				if f, v := field(line); f == "data" {
					buf, have = appendData(buf, have, v), true
				}
			}
			if have && errors.Is(err, io.EOF) {
				return name, buf, nil
			}
			return "", nil, err
		}
		if len(line) == 0 {
			if have {
				return name, buf, nil
			}
			name = ""
			continue
		}
		switch f, v := field(line); f {
		case "data":
			buf, have = appendData(buf, have, v), true
		case "event":
			name = string(v)
		}
	}
}

func appendData(buf []byte, have bool, v []byte) []byte {
	if have {
		buf = append(buf, '\n')
	}
	return append(buf, v...)
}

// field splits an event stream line; a comment gives "".
func field(line []byte) (string, []byte) {
	if line[0] == ':' {
		return "", nil
	}
	name, value, ok := bytes.Cut(line, []byte(":"))
	if !ok {
		return string(line), nil
	}
	return string(name), bytes.TrimPrefix(value, []byte(" "))
}

// line reads one line without its line ending. A line that ends the
// stream without a newline comes with io.EOF; a cut stream gives its
// error (io.ErrUnexpectedEOF for a cut chunked body) and no line.
func (s *sseReader) line() ([]byte, error) {
	var long []byte
	for {
		frag, err := s.r.ReadSlice('\n')
		if errors.Is(err, bufio.ErrBufferFull) {
			if len(long)+len(frag) > maxLine {
				return nil, fmt.Errorf("an event stream line is longer than %d bytes", maxLine)
			}
			long = append(long, frag...)
			continue
		}
		if err != nil && !errors.Is(err, io.EOF) {
			return nil, err
		}
		line := frag
		if long != nil {
			line = append(long, frag...)
		}
		if err != nil {
			return bytes.TrimRight(line, "\r"), io.EOF
		}
		line = bytes.TrimSuffix(line[:len(line)-1], []byte("\r"))
		return line, nil
	}
}

// chunk is one streamed chat.completion.chunk, or an error in its place.
type chunk struct {
	Choices []struct {
		Index int `json:"index"`
		Delta struct {
			Content   string          `json:"content"`
			ToolCalls []toolCallDelta `json:"tool_calls"`
		} `json:"delta"`
		FinishReason string `json:"finish_reason"`
	} `json:"choices"`
	Usage *wireUsage      `json:"usage"`
	Error json.RawMessage `json:"error"`
}

type toolCallDelta struct {
	Index    *int   `json:"index"`
	ID       string `json:"id"`
	Function struct {
		Name string `json:"name"`
		// Arguments is a JSON string holding a fragment; a few servers
		// send the arguments as an object instead.
		Arguments json.RawMessage `json:"arguments"`
	} `json:"function"`
}

type wireUsage struct {
	PromptTokens        int64 `json:"prompt_tokens"`
	CompletionTokens    int64 `json:"completion_tokens"`
	PromptTokensDetails *struct {
		CachedTokens int64 `json:"cached_tokens"`
	} `json:"prompt_tokens_details"`
}

// errMalformed marks a chunk that is not JSON.
var errMalformed = errors.New("a chunk of the stream is not valid JSON")

// accumulator folds the chunks of one stream into a reply.
type accumulator struct {
	onText  func(string)
	text    strings.Builder
	calls   []*callSlot
	byIndex map[int]*callSlot
	finish  string
	usage   *wireUsage
	done    bool // [DONE] arrived

	bounds   llm.Bounds
	textSent int // bytes of text the model sent; past the bound, dropped
}

type callSlot struct {
	id, name string
	args     strings.Builder
	sent     int // bytes of arguments the model sent; past the bound, dropped
}

// add folds the data of one event in. An error chunk comes back as
// *apiError.
func (a *accumulator) add(name string, data []byte) error {
	data = bytes.TrimSpace(data)
	if string(data) == "[DONE]" {
		a.done = true
		return nil
	}
	if len(data) == 0 {
		return nil
	}
	var c chunk
	if err := json.Unmarshal(data, &c); err != nil {
		return fmt.Errorf("%w: %v: %.200q", errMalformed, err, data)
	}
	if e := bytes.TrimSpace(c.Error); len(e) > 0 && string(e) != "null" {
		return parseStreamError(e)
	}
	if name == "error" {
		return parseStreamError(data)
	}
	if c.Usage != nil {
		a.usage = c.Usage
	}
	for _, ch := range c.Choices {
		if ch.Index != 0 {
			continue // we ask for one choice
		}
		if d := ch.Delta.Content; d != "" {
			a.textSent += len(d)
			if !llm.Over(a.textSent, a.bounds.Text) {
				a.text.WriteString(d)
				if a.onText != nil {
					a.onText(d)
				}
			}
		}
		for _, tc := range ch.Delta.ToolCalls {
			a.addCall(tc)
		}
		if ch.FinishReason != "" {
			a.finish = ch.FinishReason
		}
	}
	return nil
}

// addCall files a tool-call fragment under its call; see the package
// documentation for when a fragment opens a new one.
func (a *accumulator) addCall(tc toolCallDelta) {
	args := fragment(tc.Function.Arguments)
	var slot *callSlot
	if tc.Index != nil {
		slot = a.byIndex[*tc.Index]
	} else if n := len(a.calls); n > 0 && tc.ID == "" && tc.Function.Name == "" {
		slot = a.calls[n-1] // a continuation without index: the call in progress
	}
	if slot != nil {
		switch {
		case tc.ID != "" && slot.id != "" && tc.ID != slot.id:
			slot = nil // Ollama: parallel calls share index 0, each with its own id
		case tc.ID == "" && tc.Function.Name != "" && slot.name != "" && isObject([]byte(slot.args.String())):
			slot = nil // the same without ids: a new name after a whole call
		}
	}
	if slot == nil {
		slot = &callSlot{}
		a.calls = append(a.calls, slot)
		if tc.Index != nil {
			if a.byIndex == nil {
				a.byIndex = map[int]*callSlot{}
			}
			a.byIndex[*tc.Index] = slot
		}
	}
	if slot.id == "" {
		slot.id = tc.ID
	}
	if slot.name == "" {
		slot.name = tc.Function.Name
	}
	slot.sent += len(args)
	if llm.Over(slot.sent, a.bounds.ToolInput) {
		slot.args.Reset() // a fragment is worth nothing: keep none of it
		return
	}
	slot.args.WriteString(args)
}

// fragment reads the arguments of a tool-call delta: the text of a JSON
// string, or an object as it is.
func fragment(raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return ""
	}
	var s string
	if raw[0] == '"' && json.Unmarshal(raw, &s) == nil {
		return s
	}
	return string(raw)
}

// complete reports whether the stream reached its end: [DONE], or at
// least the finish_reason of the choice.
func (a *accumulator) complete() bool { return a.done || a.finish != "" }

// reply returns the text, then the tool calls, and the stop reason.
func (a *accumulator) reply() llm.Reply {
	r := llm.Reply{StopReason: stopReason(a.finish, len(a.calls) > 0)}
	if a.usage != nil {
		r.Usage.OutputTokens = a.usage.CompletionTokens
		r.Usage.InputTokens = a.usage.PromptTokens
		if d := a.usage.PromptTokensDetails; d != nil && d.CachedTokens > 0 && d.CachedTokens <= a.usage.PromptTokens {
			// Like Anthropic's, InputTokens counts what was not read from the cache.
			r.Usage.CacheReadTokens = d.CachedTokens
			r.Usage.InputTokens -= d.CachedTokens
		}
	}
	cut := func(n int) {
		if r.Cut == nil {
			r.Cut = map[int]int{}
		}
		r.Cut[len(r.Content)] = n
	}
	if llm.Over(a.textSent, a.bounds.Text) {
		cut(a.textSent)
		r.Content = append(r.Content, chat.TextBlock(a.text.String()))
	} else if a.text.Len() > 0 {
		r.Content = append(r.Content, chat.TextBlock(a.text.String()))
	}
	for _, c := range a.calls {
		if c.name == "" && strings.TrimSpace(c.args.String()) == "" {
			continue // an empty fragment that never became a call
		}
		id := c.id
		if id == "" {
			id = newCallID()
		}
		if llm.Over(c.sent, a.bounds.ToolInput) {
			cut(c.sent)
		}
		r.Content = append(r.Content, chat.Block{
			Type:  chat.BlockToolUse,
			ID:    id,
			Name:  c.name,
			Input: toolInput(c.args.String()),
		})
	}
	return r
}

// toolInput turns the assembled arguments into a tool_use input: {} for
// none, the object as sent, or the text wrapped in an object when it is
// not one.
func toolInput(args string) json.RawMessage {
	a := bytes.TrimSpace([]byte(args))
	if len(a) == 0 {
		return json.RawMessage("{}")
	}
	if isObject(a) {
		var buf bytes.Buffer
		if json.Compact(&buf, a) == nil {
			return json.RawMessage(buf.Bytes())
		}
	}
	return wrapInvalid(args)
}

// invalidKey is the field a tool input holds arguments that were not a
// JSON object under. The tools reject unknown fields, so the model is
// told its call was malformed and can send it again.
const invalidKey = "invalid_json_arguments"

func wrapInvalid(args string) json.RawMessage {
	return marshalRaw(map[string]string{invalidKey: args})
}

// unwrapInvalid returns the arguments wrapInvalid wrapped.
func unwrapInvalid(in []byte) (string, bool) {
	if !bytes.Contains(in, []byte(invalidKey)) {
		return "", false
	}
	var m map[string]json.RawMessage
	if json.Unmarshal(in, &m) != nil || len(m) != 1 {
		return "", false
	}
	var s string
	if json.Unmarshal(m[invalidKey], &s) != nil {
		return "", false
	}
	return s, true
}

func stopReason(finish string, calls bool) llm.StopReason {
	switch finish {
	case "tool_calls", "function_call":
		return llm.StopToolUse
	case "length":
		return llm.StopMaxTokens
	case "content_filter":
		return llm.StopRefusal
	case "stop", "", "eos", "end_turn":
		// Some servers say "stop", or nothing, after tool calls.
		if calls {
			return llm.StopToolUse
		}
		return llm.StopEndTurn
	default:
		if calls {
			return llm.StopToolUse
		}
		return llm.StopOther
	}
}

// isObject reports whether data is one valid JSON object.
func isObject(data []byte) bool {
	data = bytes.TrimSpace(data)
	return len(data) > 0 && data[0] == '{' && json.Valid(data)
}

// newCallID makes an id for a call the server sent without one.
func newCallID() string {
	var b [12]byte
	_, _ = rand.Read(b[:])
	return "call_sw" + hex.EncodeToString(b[:])
}
