package anthropic

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"

	"github.com/anthropics/anthropic-sdk-go"

	"github.com/specwright/specwright/internal/chat"
	"github.com/specwright/specwright/internal/llm"
)

// params translates a neutral request into the SDK's. It trusts the
// engine for the order of messages and blocks, and checks only what would
// otherwise fail inside the SDK or come back as an opaque 400.
func (p *Provider) params(req llm.Request) (anthropic.MessageNewParams, error) {
	params := anthropic.MessageNewParams{
		Model:     p.model,
		MaxTokens: int64(cmp.Or(req.MaxTokens, p.maxTokens)),
	}
	if req.System != "" {
		params.System = []anthropic.TextBlockParam{{
			Text:         req.System,
			CacheControl: anthropic.NewCacheControlEphemeralParam(),
		}}
	}

	for _, t := range req.Tools {
		schema, err := inputSchema(t.Schema)
		if err != nil {
			return params, fmt.Errorf("tool %q: %w", t.Name, err)
		}
		tool := &anthropic.ToolParam{Name: t.Name, InputSchema: schema}
		if t.Description != "" {
			tool.Description = anthropic.String(t.Description)
		}
		params.Tools = append(params.Tools, anthropic.ToolUnionParam{OfTool: tool})
	}
	if n := len(params.Tools); n > 0 {
		// Tools come first in the cached prefix; one breakpoint covers them all.
		params.Tools[n-1].OfTool.CacheControl = anthropic.NewCacheControlEphemeralParam()
	}

	for i, m := range req.Messages {
		msg, err := message(m)
		if err != nil {
			return params, fmt.Errorf("message %d: %w", i, err)
		}
		// A message left without blocks (only empty text) is dropped: the
		// API rejects empty content, and merges consecutive turns of one
		// role, so nothing else changes.
		if len(msg.Content) > 0 {
			params.Messages = append(params.Messages, msg)
		}
	}
	if n := len(params.Messages); n > 0 {
		// The last block ends the prefix that the next round trip of the
		// tool loop repeats, so caching up to it makes that one cheap.
		blocks := params.Messages[n-1].Content
		if cc := blocks[len(blocks)-1].GetCacheControl(); cc != nil {
			*cc = anthropic.NewCacheControlEphemeralParam()
		}
	}
	return params, nil
}

func message(m chat.Message) (anthropic.MessageParam, error) {
	var msg anthropic.MessageParam
	switch m.Role {
	case chat.RoleUser:
		msg.Role = anthropic.MessageParamRoleUser
	case chat.RoleAssistant:
		msg.Role = anthropic.MessageParamRoleAssistant
	default:
		return msg, fmt.Errorf("unknown role %q", m.Role)
	}
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
func contentBlock(b chat.Block) (block anthropic.ContentBlockParamUnion, ok bool, err error) {
	switch b.Type {
	case chat.BlockText:
		if b.Text == "" {
			return block, false, nil // the API rejects empty text blocks
		}
		return anthropic.NewTextBlock(b.Text), true, nil
	case chat.BlockImage:
		if b.MediaType == "" || b.Data == "" {
			return block, false, fmt.Errorf("image block without media type or data")
		}
		return anthropic.NewImageBlockBase64(b.MediaType, b.Data), true, nil
	case chat.BlockToolUse:
		input := bytes.TrimSpace(b.Input)
		if len(input) == 0 {
			input = []byte("{}")
		}
		if !isObject(input) {
			return block, false, fmt.Errorf("tool_use %s: input is not a JSON object", b.ID)
		}
		return anthropic.NewToolUseBlock(b.ID, json.RawMessage(input), b.Name), true, nil
	case chat.BlockToolResult:
		result := anthropic.ToolResultBlockParam{ToolUseID: b.ToolUseID}
		if b.Text != "" {
			result.Content = []anthropic.ToolResultBlockParamContentUnion{{OfText: &anthropic.TextBlockParam{Text: b.Text}}}
		}
		if b.IsError {
			result.IsError = anthropic.Bool(true)
		}
		return anthropic.ContentBlockParamUnion{OfToolResult: &result}, true, nil
	default:
		return block, false, fmt.Errorf("unknown block type %q", b.Type)
	}
}

// inputSchema passes a tool's JSON Schema through: properties and required
// in their fields, every other keyword ($defs, additionalProperties,
// description…) verbatim beside them. The type is always object.
func inputSchema(raw json.RawMessage) (anthropic.ToolInputSchemaParam, error) {
	var schema anthropic.ToolInputSchemaParam
	if len(bytes.TrimSpace(raw)) == 0 {
		return schema, nil
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(raw, &fields); err != nil {
		return schema, fmt.Errorf("input schema: %w", err)
	}
	for k, v := range fields {
		switch k {
		case "type":
			var t string
			if json.Unmarshal(v, &t) != nil || t != "object" {
				return schema, fmt.Errorf("input schema: type is %s, not \"object\"", v)
			}
		case "properties":
			schema.Properties = v
		case "required":
			if err := json.Unmarshal(v, &schema.Required); err != nil {
				return schema, fmt.Errorf("input schema: required: %w", err)
			}
		default:
			if schema.ExtraFields == nil {
				schema.ExtraFields = map[string]any{}
			}
			schema.ExtraFields[k] = v
		}
	}
	return schema, nil
}

// isObject reports whether data is one valid JSON object.
func isObject(data []byte) bool {
	data = bytes.TrimSpace(data)
	return len(data) > 0 && data[0] == '{' && json.Valid(data)
}
