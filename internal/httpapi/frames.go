package httpapi

import (
	"bytes"
	"context"
	"encoding/json"
	"strconv"
	"strings"

	"github.com/specwright/specwright/internal/chat"
	"github.com/specwright/specwright/internal/session"
)

// handleFrame decodes one client message and acts on it. A bad frame gets
// an error message and the connection stays open.
func (s *server) handleFrame(ctx context.Context, c *socket, project string, data []byte) {
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(data, &fields); err != nil {
		if json.Valid(data) {
			c.sendError("Invalid message: expected a JSON object")
		} else {
			c.sendError("Invalid JSON")
		}
		return
	}
	typ, ok := stringField(fields, "type")
	if !ok {
		raw := bytes.TrimSpace(fields["type"])
		if len(raw) == 0 || string(raw) == "null" {
			raw = []byte("None")
		}
		c.sendError("Unknown message type: " + string(raw))
		return
	}
	var err error
	switch typ {
	case "ping":
		c.send(chat.Event{Type: chat.EventPong})
		return
	case "start":
		err = s.svc.Start(ctx, project)
	case "message":
		err = s.onMessage(ctx, project, fields)
	case "answer":
		err = s.onAnswer(ctx, project, fields)
	case "resume":
		err = s.onResume(ctx, c, project, fields)
	case "interrupt":
		err = s.svc.Interrupt(ctx, project)
	default:
		c.sendError("Unknown message type: " + typ)
		return
	}
	if err != nil {
		if code := chat.ErrorCode(err); code == chat.CodeInternal || code == chat.CodeStorage {
			s.log.Error("websocket request failed", "project", project, "type", typ, "err", err)
		}
		c.sendError(chat.ErrorMessage(err))
	}
}

func invalid(format string, args ...any) error { return chat.Errorf(chat.CodeInvalid, format, args...) }

func (s *server) onMessage(ctx context.Context, project string, f map[string]json.RawMessage) error {
	content := ""
	if raw, present := f["content"]; present && string(raw) != "null" {
		if err := json.Unmarshal(raw, &content); err != nil {
			return invalid("Invalid message: content must be a string")
		}
	}
	var atts []session.Attachment
	if raw, present := f["attachments"]; present && string(raw) != "null" {
		if err := json.Unmarshal(raw, &atts); err != nil {
			return invalid("Invalid message: attachments must be a list of {filename, mimeType, base64Data}")
		}
	}
	content = strings.TrimSpace(content)
	if content == "" && len(atts) == 0 {
		return invalid("Empty message")
	}
	return s.svc.Send(ctx, project, content, atts)
}

func (s *server) onAnswer(ctx context.Context, project string, f map[string]json.RawMessage) error {
	toolID := ""
	if raw, present := f["tool_id"]; present && string(raw) != "null" {
		if err := json.Unmarshal(raw, &toolID); err != nil {
			return invalid("Invalid answer: tool_id must be a string")
		}
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(f["answers"], &raw); err != nil || raw == nil {
		return invalid("Invalid answer: answers must be an object keyed by question index")
	}
	answers := make(map[int][]string, len(raw))
	for k, v := range raw {
		i, err := strconv.Atoi(k)
		if err != nil || i < 0 || i > 99 {
			return invalid("Invalid answer: %q is not a question index", k)
		}
		var one string
		var many []string
		switch {
		case json.Unmarshal(v, &one) == nil:
			answers[i] = []string{one}
		case json.Unmarshal(v, &many) == nil:
			answers[i] = many
		default:
			return invalid("Invalid answer: the answer to question %s must be a string or a list of strings", k)
		}
	}
	return s.svc.Answer(ctx, project, toolID, answers)
}

// stringField returns f[name] when it is a JSON string (not null).
func stringField(f map[string]json.RawMessage, name string) (string, bool) {
	var s string
	raw := bytes.TrimSpace(f[name])
	if string(raw) == "null" {
		return "", false
	}
	if err := json.Unmarshal(raw, &s); err != nil {
		return "", false
	}
	return s, true
}
