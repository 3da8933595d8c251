package anthropic

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/specwright/specwright/internal/chat"
	"github.com/specwright/specwright/internal/llm"
)

// The parts of the body of POST /v1/messages, in the API's own field
// names. The SDK still sends the body (auth, retries, error types); it is
// encoded here because the SDK's param types marshal by reflection
// through a custom marshaler on every struct and union, which profiled as
// a fifth of the CPU of starting a turn. TestRequestBody pins the wire
// form.
type (
	wireCache struct {
		Type string `json:"type"`
	}
	wireText struct {
		Type         string     `json:"type"`
		Text         string     `json:"text"`
		CacheControl *wireCache `json:"cache_control,omitempty"`
	}
	wireMessage struct {
		Role    string      `json:"role"`
		Content []wireBlock `json:"content"`
	}
	// wireBlock is every kind of content block; each kind sets its fields.
	wireBlock struct {
		Type         string          `json:"type"`
		Text         string          `json:"text,omitempty"`
		Source       *wireSource     `json:"source,omitempty"`
		ID           string          `json:"id,omitempty"`
		Name         string          `json:"name,omitempty"`
		Input        json.RawMessage `json:"input,omitempty"`
		ToolUseID    string          `json:"tool_use_id,omitempty"`
		Content      []wireText      `json:"content,omitempty"`
		IsError      bool            `json:"is_error,omitempty"`
		CacheControl *wireCache      `json:"cache_control,omitempty"`
	}
	wireSource struct {
		Type      string `json:"type"`
		MediaType string `json:"media_type"`
		Data      string `json:"data"`
	}
	wireTool struct {
		Name         string          `json:"name"`
		Description  string          `json:"description,omitempty"`
		InputSchema  json.RawMessage `json:"input_schema"`
		CacheControl *wireCache      `json:"cache_control,omitempty"`
	}
)

var ephemeral = &wireCache{Type: "ephemeral"}

// body encodes a neutral request as the API's. It trusts the engine for
// the order of messages and blocks, and checks only what would otherwise
// come back as an opaque 400.
func (p *Provider) body(req llm.Request) ([]byte, error) {
	var tools json.RawMessage
	if len(req.Tools) > 0 {
		var err error
		tools, err = p.tools.Get(toolsKey(req.Tools), func() (json.RawMessage, error) { return toolList(req.Tools) })
		if err != nil {
			return nil, err
		}
	}
	msgs := make([]wireMessage, 0, len(req.Messages))
	for i, m := range req.Messages {
		msg, err := message(m)
		if err != nil {
			return nil, fmt.Errorf("message %d: %w", i, err)
		}
		// A message left without blocks (only empty text) is dropped: the
		// API rejects empty content, and merges consecutive turns of one
		// role, so nothing else changes.
		if len(msg.Content) > 0 {
			msgs = append(msgs, msg)
		}
	}
	if n := len(msgs); n > 0 {
		// The last block ends the prefix that the next round trip of the
		// tool loop repeats, so caching up to it makes that one cheap.
		blocks := msgs[n-1].Content
		blocks[len(blocks)-1].CacheControl = ephemeral
	}
	// The parts every request of a project repeats (the system prompt,
	// the tools) are encoded once and written in as they are: encoding/json
	// would scan a json.RawMessage again.
	var b bytes.Buffer
	b.WriteString(`{"model":`)
	if err := encodeTo(&b, p.model); err != nil {
		return nil, err
	}
	fmt.Fprintf(&b, `,"max_tokens":%d,"stream":true`, cmp.Or(req.MaxTokens, p.maxTokens))
	if req.System != "" {
		system, err := p.systems.Get(req.System, func() ([]byte, error) { return systemBlock(req.System) })
		if err != nil {
			return nil, err
		}
		b.WriteString(`,"system":`)
		b.Write(system)
	}
	if tools != nil {
		b.WriteString(`,"tools":`)
		b.Write(tools)
	}
	b.WriteString(`,"messages":`)
	if err := encodeTo(&b, msgs); err != nil {
		return nil, err
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// encodeTo appends v's JSON to b, without a newline and without escaping
// '<', '>' and '&'.
func encodeTo(b *bytes.Buffer, v any) error {
	enc := json.NewEncoder(b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	b.Truncate(b.Len() - 1) // Encode's newline
	return nil
}

// Bounds of the encoded parts kept per provider: a server sends the same
// few tool lists, and one system prompt per project in use (about 12 KB
// each, so 3 MB at most).
const (
	maxToolLists = 16
	maxSystems   = 256
)

// systemBlock encodes the system prompt as the API takes it.
func systemBlock(system string) ([]byte, error) {
	var b bytes.Buffer
	err := encodeTo(&b, []wireText{{Type: "text", Text: system, CacheControl: ephemeral}})
	return b.Bytes(), err
}

func message(m chat.Message) (wireMessage, error) {
	var msg wireMessage
	switch m.Role {
	case chat.RoleUser, chat.RoleAssistant:
		msg.Role = string(m.Role)
	default:
		return msg, fmt.Errorf("unknown role %q", m.Role)
	}
	msg.Content = make([]wireBlock, 0, len(m.Content))
	for _, b := range m.Content {
		block, ok, err := contentBlock(b)
		if err != nil {
			return msg, err
		}
		if ok {
			msg.Content = append(msg.Content, block)
		}
	}
	return msg, nil
}

// contentBlock translates one block; ok is false for a block to leave out.
func contentBlock(b chat.Block) (block wireBlock, ok bool, err error) {
	switch b.Type {
	case chat.BlockText:
		if b.Text == "" {
			return block, false, nil // the API rejects empty text blocks
		}
		return wireBlock{Type: "text", Text: b.Text}, true, nil
	case chat.BlockImage:
		if b.MediaType == "" || b.Data == "" {
			return block, false, fmt.Errorf("image block without media type or data")
		}
		return wireBlock{Type: "image", Source: &wireSource{Type: "base64", MediaType: b.MediaType, Data: b.Data}}, true, nil
	case chat.BlockToolUse:
		input := bytes.TrimSpace(b.Input)
		if len(input) == 0 {
			input = []byte("{}")
		}
		if !isObject(input) {
			return block, false, fmt.Errorf("tool_use %s: input is not a JSON object", b.ID)
		}
		return wireBlock{Type: "tool_use", ID: b.ID, Name: b.Name, Input: input}, true, nil
	case chat.BlockToolResult:
		result := wireBlock{Type: "tool_result", ToolUseID: b.ToolUseID, IsError: b.IsError}
		if b.Text != "" {
			result.Content = []wireText{{Type: "text", Text: b.Text}}
		}
		return result, true, nil
	default:
		return block, false, fmt.Errorf("unknown block type %q", b.Type)
	}
}

// toolsKey is the tool list written out, to find its encoding again.
func toolsKey(tools []llm.ToolSpec) string {
	var k strings.Builder
	for _, t := range tools {
		k.WriteString(t.Name)
		k.WriteByte(0)
		k.WriteString(t.Description)
		k.WriteByte(0)
		k.Write(t.Schema)
		k.WriteByte(0)
	}
	return k.String()
}

// toolList checks each tool's schema and encodes the list as the API
// takes it.
func toolList(tools []llm.ToolSpec) (json.RawMessage, error) {
	wire := make([]wireTool, len(tools))
	for i, t := range tools {
		schema, err := inputSchema(t.Schema)
		if err != nil {
			return nil, fmt.Errorf("tool %q: %w", t.Name, err)
		}
		wire[i] = wireTool{Name: t.Name, Description: t.Description, InputSchema: schema}
	}
	// Tools come first in the cached prefix; one breakpoint covers them all.
	wire[len(wire)-1].CacheControl = ephemeral
	var b bytes.Buffer
	err := encodeTo(&b, wire)
	return b.Bytes(), err
}

// inputSchema checks a tool's JSON Schema and returns it as the API takes
// it: an object schema, every keyword ($defs, additionalProperties,
// description…) passed through verbatim, "type": "object" always there.
func inputSchema(raw json.RawMessage) (json.RawMessage, error) {
	if len(bytes.TrimSpace(raw)) == 0 {
		return json.RawMessage(`{"type":"object"}`), nil
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(raw, &fields); err != nil {
		return nil, fmt.Errorf("input schema: %w", err)
	}
	if v, ok := fields["type"]; ok {
		var t string
		if json.Unmarshal(v, &t) != nil || t != "object" {
			return nil, fmt.Errorf("input schema: type is %s, not \"object\"", v)
		}
	}
	if v, ok := fields["required"]; ok {
		var required []string
		if err := json.Unmarshal(v, &required); err != nil {
			return nil, fmt.Errorf("input schema: required: %w", err)
		}
	}
	fields["type"] = json.RawMessage(`"object"`)
	return json.Marshal(fields)
}

// isObject reports whether data is one valid JSON object.
func isObject(data []byte) bool {
	data = bytes.TrimSpace(data)
	return len(data) > 0 && data[0] == '{' && json.Valid(data)
}
