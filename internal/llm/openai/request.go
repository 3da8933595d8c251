package openai

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/specwright/specwright/internal/chat"
	"github.com/specwright/specwright/internal/llm"
)

// The request body of POST /chat/completions, as far as we send it.

type chatRequest struct {
	Model         string         `json:"model"`
	Messages      []wireMessage  `json:"messages"`
	Tools         []wireTool     `json:"tools,omitempty"`
	ToolChoice    string         `json:"tool_choice,omitempty"`
	Stream        bool           `json:"stream"`
	StreamOptions *streamOptions `json:"stream_options,omitempty"`
	MaxTokens     int            `json:"max_tokens,omitempty"`
	MaxCompletion int            `json:"max_completion_tokens,omitempty"`
}

type streamOptions struct {
	IncludeUsage bool `json:"include_usage"`
}

// wireMessage is one message. Content is a string, or a list of parts
// when there are images; an assistant message that only calls tools has
// "" (some strict servers refuse a missing or null content).
type wireMessage struct {
	Role       string     `json:"role"`
	Content    any        `json:"content"`
	ToolCalls  []wireCall `json:"tool_calls,omitempty"`
	ToolCallID string     `json:"tool_call_id,omitempty"`
}

type wirePart struct {
	Type     string    `json:"type"`
	Text     string    `json:"text,omitempty"`
	ImageURL *imageURL `json:"image_url,omitempty"`
}

type imageURL struct {
	URL string `json:"url"`
}

type wireCall struct {
	ID       string       `json:"id"`
	Type     string       `json:"type"`
	Function wireFunction `json:"function"`
}

type wireFunction struct {
	Name      string `json:"name"`
	Arguments string `json:"arguments"`
}

type wireTool struct {
	Type     string  `json:"type"`
	Function toolDef `json:"function"`
}

type toolDef struct {
	Name        string          `json:"name"`
	Description string          `json:"description,omitempty"`
	Parameters  json.RawMessage `json:"parameters"`
}

// sentParams records the optional parts a request carried, so that a 400
// naming one of them can be answered by leaving it out.
type sentParams struct {
	tools         bool
	toolChoice    bool
	streamOptions bool
	maxField      string
	maxTokens     int
}

// body encodes the request for req under the quirks q.
func (p *Provider) body(req llm.Request, q quirks) ([]byte, sentParams, error) {
	textMode := q.noTools && len(req.Tools) > 0
	cr := chatRequest{Model: p.model, Stream: true}
	var sent sentParams

	system := req.System
	if textMode {
		system = strings.TrimRight(system, "\n") + "\n\n" + textModeInstructions
	}
	if strings.TrimSpace(system) != "" {
		cr.Messages = append(cr.Messages, wireMessage{Role: "system", Content: system})
	}
	var msgs []wireMessage
	var err error
	if textMode {
		msgs, err = textModeMessages(req.Messages)
	} else {
		msgs, err = messages(req.Messages)
	}
	if err != nil {
		return nil, sent, err
	}
	cr.Messages = append(cr.Messages, msgs...)

	if !textMode {
		for _, t := range req.Tools {
			params, err := parameters(t.Schema)
			if err != nil {
				return nil, sent, fmt.Errorf("tool %q: %w", t.Name, err)
			}
			cr.Tools = append(cr.Tools, wireTool{Type: "function", Function: toolDef{Name: t.Name, Description: t.Description, Parameters: params}})
		}
		if len(cr.Tools) > 0 {
			sent.tools = true
			if !q.noToolChoice {
				cr.ToolChoice = "auto"
				sent.toolChoice = true
			}
		}
	}
	if !q.noStreamOptions {
		cr.StreamOptions = &streamOptions{IncludeUsage: true}
		sent.streamOptions = true
	}
	budget := cmp.Or(req.MaxTokens, p.maxTokens)
	if q.maxCap > 0 {
		budget = min(budget, q.maxCap)
	}
	sent.maxField, sent.maxTokens = q.maxField, budget
	if q.maxField == "max_completion_tokens" {
		cr.MaxCompletion = budget
	} else {
		cr.MaxTokens = budget
	}
	data, err := json.Marshal(cr)
	return data, sent, err
}

// messages translates the conversation: each neutral message becomes one
// wire message, except that a user message's tool_result blocks become
// "tool" messages first, then its other blocks one user message.
func messages(in []chat.Message) ([]wireMessage, error) {
	var out []wireMessage
	for i, m := range in {
		var err error
		switch m.Role {
		case chat.RoleAssistant:
			out, err = appendAssistant(out, m)
		case chat.RoleUser:
			out, err = appendUser(out, m)
		default:
			err = fmt.Errorf("unknown role %q", m.Role)
		}
		if err != nil {
			return nil, fmt.Errorf("message %d: %w", i, err)
		}
	}
	return out, nil
}

func appendAssistant(out []wireMessage, m chat.Message) ([]wireMessage, error) {
	var text strings.Builder
	var calls []wireCall
	for _, b := range m.Content {
		switch b.Type {
		case chat.BlockText:
			text.WriteString(b.Text)
		case chat.BlockToolUse:
			args, err := arguments(b.Input)
			if err != nil {
				return out, fmt.Errorf("tool_use %s: %w", b.ID, err)
			}
			calls = append(calls, wireCall{ID: b.ID, Type: "function", Function: wireFunction{Name: b.Name, Arguments: args}})
		case chat.BlockImage, chat.BlockToolResult:
			return out, fmt.Errorf("an assistant message cannot hold a %s block", b.Type)
		default:
			return out, fmt.Errorf("unknown block type %q", b.Type)
		}
	}
	if text.Len() == 0 && len(calls) == 0 {
		return out, nil
	}
	return append(out, wireMessage{Role: "assistant", Content: text.String(), ToolCalls: calls}), nil
}

func appendUser(out []wireMessage, m chat.Message) ([]wireMessage, error) {
	var parts []wirePart
	images := false
	for _, b := range m.Content {
		switch b.Type {
		case chat.BlockToolResult:
			out = append(out, wireMessage{Role: "tool", ToolCallID: b.ToolUseID, Content: resultText(b)})
		case chat.BlockText:
			if b.Text != "" {
				parts = append(parts, wirePart{Type: "text", Text: b.Text})
			}
		case chat.BlockImage:
			part, err := imagePart(b)
			if err != nil {
				return out, err
			}
			parts = append(parts, part)
			images = true
		default:
			return out, fmt.Errorf("a user message cannot hold a %s block", b.Type)
		}
	}
	switch {
	case len(parts) == 0:
		return out, nil
	case images:
		return append(out, wireMessage{Role: "user", Content: parts}), nil
	default:
		// Plain text as a string: every server takes that.
		texts := make([]string, len(parts))
		for i, pt := range parts {
			texts[i] = pt.Text
		}
		return append(out, wireMessage{Role: "user", Content: strings.Join(texts, "\n\n")}), nil
	}
}

// resultText is what a "tool" message says: the Chat Completions API has
// no error flag, so a failed call says so in words.
func resultText(b chat.Block) string {
	switch {
	case b.IsError && b.Text == "":
		return "Error."
	case b.IsError:
		return "Error: " + b.Text
	case b.Text == "":
		return "(no output)"
	default:
		return b.Text
	}
}

func imagePart(b chat.Block) (wirePart, error) {
	if b.MediaType == "" || b.Data == "" {
		return wirePart{}, fmt.Errorf("image block without media type or data")
	}
	return wirePart{Type: "image_url", ImageURL: &imageURL{URL: "data:" + b.MediaType + ";base64," + b.Data}}, nil
}

// arguments renders a tool_use input as the JSON string the API echoes.
// An input this package wrapped because it was not JSON goes back as the
// model sent it.
func arguments(input json.RawMessage) (string, error) {
	in := bytes.TrimSpace(input)
	if len(in) == 0 {
		return "{}", nil
	}
	if raw, ok := unwrapInvalid(in); ok {
		return raw, nil
	}
	if !json.Valid(in) {
		return "", fmt.Errorf("input is not valid JSON")
	}
	var buf bytes.Buffer
	if err := json.Compact(&buf, in); err != nil {
		return "", err
	}
	return buf.String(), nil
}

// parameters passes a tool's JSON Schema through; none means an object
// without properties.
func parameters(schema json.RawMessage) (json.RawMessage, error) {
	s := bytes.TrimSpace(schema)
	if len(s) == 0 {
		return json.RawMessage(`{"type":"object","properties":{}}`), nil
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(s, &obj); err != nil {
		return nil, fmt.Errorf("input schema: %w", err)
	}
	if t, ok := obj["type"]; ok && string(bytes.TrimSpace(t)) != `"object"` {
		return nil, fmt.Errorf("input schema: type is %s, not \"object\"", t)
	}
	return json.RawMessage(s), nil
}
