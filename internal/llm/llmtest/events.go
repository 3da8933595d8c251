package llmtest

import (
	"bytes"
	"encoding/json"
	"unicode/utf8"
)

// The data of the events, as structs so that the fields keep the API's
// order ("type" first) when marshalled.

type messageStart struct {
	Type    string      `json:"type"`
	Message messageJSON `json:"message"`
}

type messageJSON struct {
	ID           string    `json:"id"`
	Type         string    `json:"type"`
	Role         string    `json:"role"`
	Model        string    `json:"model"` // "" is filled in with the request's model
	Content      []any     `json:"content"`
	StopReason   *string   `json:"stop_reason"`
	StopSequence *string   `json:"stop_sequence"`
	Usage        usageJSON `json:"usage"`
}

type usageJSON struct {
	InputTokens              int `json:"input_tokens"`
	CacheCreationInputTokens int `json:"cache_creation_input_tokens"`
	CacheReadInputTokens     int `json:"cache_read_input_tokens"`
	OutputTokens             int `json:"output_tokens"`
}

type blockStart struct {
	Type         string `json:"type"`
	Index        int    `json:"index"`
	ContentBlock any    `json:"content_block"`
}

type textBlock struct {
	Type string `json:"type"`
	Text string `json:"text"`
}

type toolUseBlock struct {
	Type  string          `json:"type"`
	ID    string          `json:"id"`
	Name  string          `json:"name"`
	Input json.RawMessage `json:"input"`
}

type blockDelta struct {
	Type  string `json:"type"`
	Index int    `json:"index"`
	Delta any    `json:"delta"`
}

type textDelta struct {
	Type string `json:"type"`
	Text string `json:"text"`
}

type inputJSONDelta struct {
	Type        string `json:"type"`
	PartialJSON string `json:"partial_json"`
}

type blockStop struct {
	Type  string `json:"type"`
	Index int    `json:"index"`
}

type messageDelta struct {
	Type  string `json:"type"`
	Delta struct {
		StopReason   string  `json:"stop_reason"`
		StopSequence *string `json:"stop_sequence"`
	} `json:"delta"`
	Usage struct {
		OutputTokens int `json:"output_tokens"`
	} `json:"usage"`
}

type typeOnly struct {
	Type string `json:"type"`
}

type errorBody struct {
	Type      string      `json:"type"`
	Error     errorObject `json:"error"`
	RequestID string      `json:"request_id,omitempty"`
}

type errorObject struct {
	Type    string `json:"type"`
	Message string `json:"message"`
}

var defaultUsage = Usage{InputTokens: 100, OutputTokens: 20}

// stream builds the events of one streamed message.
type stream struct {
	events []Event
	blocks int
}

// newStream starts a message: message_start, then a ping, as the API does.
func newStream() *stream {
	s := &stream{}
	s.add("message_start", messageStart{Type: "message_start", Message: messageJSON{
		ID: "msg_llmtest", Type: "message", Role: "assistant", Content: []any{},
		Usage: startUsage(defaultUsage),
	}})
	s.add("ping", typeOnly{Type: "ping"})
	return s
}

func (s *stream) add(name string, v any) {
	s.events = append(s.events, Event{Name: name, Data: mustJSON(v)})
}

// text adds a whole text block, with a ping after its first delta.
func (s *stream) text(chunks []string) {
	i := s.startText()
	for j, c := range chunks {
		s.textDelta(i, c)
		if j == 0 && len(chunks) > 1 {
			s.add("ping", typeOnly{Type: "ping"})
		}
	}
	s.stopBlock(i)
}

func (s *stream) startText() int {
	i := s.blocks
	s.blocks++
	s.add("content_block_start", blockStart{Type: "content_block_start", Index: i, ContentBlock: textBlock{Type: "text"}})
	return i
}

func (s *stream) textDelta(i int, text string) {
	s.add("content_block_delta", blockDelta{Type: "content_block_delta", Index: i, Delta: textDelta{Type: "text_delta", Text: text}})
}

func (s *stream) stopBlock(i int) {
	s.add("content_block_stop", blockStop{Type: "content_block_stop", Index: i})
}

// tool adds a tool_use block whose input arrives in fragments.
func (s *stream) tool(c ToolCall) {
	i := s.blocks
	s.blocks++
	s.add("content_block_start", blockStart{Type: "content_block_start", Index: i, ContentBlock: toolUseBlock{
		Type: "tool_use", ID: c.ID, Name: c.Name, Input: json.RawMessage("{}"),
	}})
	input := []byte("{}")
	if c.Input != nil {
		input = []byte(mustJSON(c.Input))
	}
	for _, f := range fragments(string(input)) {
		s.add("content_block_delta", blockDelta{Type: "content_block_delta", Index: i, Delta: inputJSONDelta{Type: "input_json_delta", PartialJSON: f}})
	}
	s.stopBlock(i)
}

// finish ends the message with stop_reason and returns it as a Response.
func (s *stream) finish(stopReason string) Response {
	var d messageDelta
	d.Type = "message_delta"
	d.Delta.StopReason = stopReason
	d.Usage.OutputTokens = defaultUsage.OutputTokens
	s.add("message_delta", d)
	s.add("message_stop", typeOnly{Type: "message_stop"})
	return Response{Events: s.events}
}

// orPartial returns events, or the opening of a text stream whose first
// delta is "Partial " when there are none.
func orPartial(events []Event) []Event {
	if len(events) > 0 {
		return events
	}
	s := newStream()
	s.textDelta(s.startText(), "Partial ")
	return s.events
}

func startUsage(u Usage) usageJSON {
	return usageJSON{
		InputTokens:              u.InputTokens,
		CacheCreationInputTokens: u.CacheCreationInputTokens,
		CacheReadInputTokens:     u.CacheReadInputTokens,
		OutputTokens:             1,
	}
}

// fragments cuts a JSON text the way the API streams tool input: an empty
// fragment first, then about three pieces cut at rune boundaries without
// regard for the JSON tokens.
func fragments(s string) []string {
	out := []string{""}
	for _, n := range []int{len(s) / 3, len(s) / 3} {
		cut := n
		for cut > 0 && cut < len(s) && !utf8.RuneStart(s[cut]) {
			cut++
		}
		if cut == 0 || cut >= len(s) {
			break
		}
		out = append(out, s[:cut])
		s = s[cut:]
	}
	return append(out, s)
}

// halves cuts a text in two at a rune boundary, to stream it as two deltas.
func halves(s string) []string {
	cut := len(s) / 2
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	if cut == 0 {
		return []string{s}
	}
	return []string{s[:cut], s[cut:]}
}

// mustJSON marshals v to one line of JSON, leaving <, > and & as they are,
// as the API does. The values are the package's own, so failing is a bug.
func mustJSON(v any) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		panic("llmtest: " + err.Error())
	}
	return string(bytes.TrimRight(b.Bytes(), "\n"))
}

// rewrite decodes data into a T, lets edit change it and encodes it again.
// Data that is not a T is returned unchanged.
func rewrite[T any](data string, edit func(*T)) string {
	var v T
	if json.Unmarshal([]byte(data), &v) != nil {
		return data
	}
	edit(&v)
	return mustJSON(v)
}
