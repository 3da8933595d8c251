package llmtest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
)

// folded is what a request without "stream": true gets for a streamed
// Response: the message the events describe, an error, or nothing at all
// (abort) when the events break off or do not parse.
type folded struct {
	status int
	body   []byte
	abort  bool
}

// fold replays events the way a client accumulates them and returns the
// JSON message the API sends to a request that did not ask for a stream.
func fold(events []Event, model, requestID string) folded {
	var msg map[string]any
	var content []map[string]any
	partial := map[int]*strings.Builder{}
	for _, ev := range events {
		var m map[string]any
		if json.Unmarshal([]byte(ev.Data), &m) != nil {
			return folded{abort: true}
		}
		switch ev.Name {
		case "message_start":
			msg, _ = m["message"].(map[string]any)
			if msg == nil {
				return folded{abort: true}
			}
			if msg["model"] == "" {
				msg["model"] = model
			}
		case "content_block_start":
			cb, _ := m["content_block"].(map[string]any)
			if cb == nil {
				return folded{abort: true}
			}
			content = append(content, cb)
		case "content_block_delta":
			i, delta := block(content, m)
			if delta == nil {
				return folded{abort: true}
			}
			switch delta["type"] {
			case "text_delta":
				text, _ := content[i]["text"].(string)
				add, _ := delta["text"].(string)
				content[i]["text"] = text + add
			case "input_json_delta":
				if partial[i] == nil {
					partial[i] = &strings.Builder{}
				}
				pj, _ := delta["partial_json"].(string)
				partial[i].WriteString(pj)
			}
		case "content_block_stop":
			idx, _ := m["index"].(float64)
			if b := partial[int(idx)]; b != nil && b.Len() > 0 && int(idx) < len(content) {
				if !json.Valid([]byte(b.String())) {
					return folded{abort: true}
				}
				content[int(idx)]["input"] = json.RawMessage(b.String())
			}
		case "message_delta":
			if msg == nil {
				return folded{abort: true}
			}
			delta, _ := m["delta"].(map[string]any)
			for k, v := range delta {
				msg[k] = v
			}
			usage, _ := msg["usage"].(map[string]any)
			more, _ := m["usage"].(map[string]any)
			if usage != nil {
				for k, v := range more {
					usage[k] = v
				}
			}
		case "error":
			obj, _ := m["error"].(map[string]any)
			errType, _ := obj["type"].(string)
			message, _ := obj["message"].(string)
			body := errorBody{Type: "error", Error: errorObject{Type: errType, Message: message}, RequestID: requestID}
			return folded{status: errorStatus(errType), body: []byte(mustJSON(body))}
		case "message_stop":
			if msg == nil {
				return folded{abort: true}
			}
			msg["content"] = content
			if content == nil {
				msg["content"] = []any{}
			}
			return folded{status: http.StatusOK, body: []byte(mustJSON(msg))}
		}
	}
	return folded{abort: true}
}

// block returns the index of the content block a content_block_delta
// event addresses, and its delta; the delta is nil if either is missing.
func block(content []map[string]any, event map[string]any) (int, map[string]any) {
	idx, ok := event["index"].(float64)
	delta, _ := event["delta"].(map[string]any)
	if !ok || int(idx) < 0 || int(idx) >= len(content) {
		return 0, nil
	}
	return int(idx), delta
}

// fillModel puts the request's model into a message_start event built
// with an empty one, as the API echoes the model it was asked for.
func fillModel(ev Event, model string) Event {
	if ev.Name == "message_start" {
		ev.Data = strings.Replace(ev.Data, `"model":""`, fmt.Sprintf(`"model":%s`, mustJSON(model)), 1)
	}
	return ev
}
