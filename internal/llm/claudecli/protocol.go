package claudecli

import (
	"encoding/json"
	"strings"

	"github.com/specwright/specwright/internal/chat"
)

// The stream-json protocol: one JSON object per line on stdin and stdout.
// Only the fields this package reads are declared; the CLI sends many
// more, and lines of types not handled here are skipped.

// envelope is the part every stdout line shares.
type envelope struct {
	Type    string `json:"type"`
	Subtype string `json:"subtype"`
}

// systemLine is a "system" line; "init" opens every turn.
type systemLine struct {
	Subtype     string `json:"subtype"`
	SessionID   string `json:"session_id"`
	Model       string `json:"model"`
	Version     string `json:"claude_code_version"`
	Attempt     int    `json:"attempt"`      // api_retry
	ErrorStatus *int   `json:"error_status"` // api_retry
}

// streamEventLine wraps one event of the Anthropic API's stream
// (--include-partial-messages).
type streamEventLine struct {
	ParentToolUseID *string `json:"parent_tool_use_id"`
	Event           struct {
		Type  string `json:"type"`
		Delta struct {
			Type string `json:"type"`
			Text string `json:"text"`
		} `json:"delta"`
	} `json:"event"`
}

// assistantLine carries finished content blocks of an assistant message,
// usually one block a line, the lines of a message sharing its id.
type assistantLine struct {
	ParentToolUseID *string `json:"parent_tool_use_id"`
	Message         struct {
		ID      string         `json:"id"`
		Content []contentBlock `json:"content"`
	} `json:"message"`
	// A synthetic message the CLI writes for a failed API call, with the
	// kind of failure in Error ("authentication_failed", "rate_limit", …).
	IsAPIErrorMessage bool            `json:"is_api_error_message"`
	Error             json.RawMessage `json:"error"`
}

// userLine is a user message the CLI writes: tool results, and the
// markers it adds itself (interruptions, compaction summaries).
type userLine struct {
	ParentToolUseID *string `json:"parent_tool_use_id"`
	Message         struct {
		Content json.RawMessage `json:"content"` // a string or blocks
	} `json:"message"`
	// The structured result of the tool, for a line holding one tool
	// result: for Write and Edit an object with filePath; for a refused
	// call a string.
	ToolUseResult json.RawMessage `json:"tool_use_result"`
}

type contentBlock struct {
	Type      string          `json:"type"`
	Text      string          `json:"text"`
	ID        string          `json:"id"`
	Name      string          `json:"name"`
	Input     json.RawMessage `json:"input"`
	ToolUseID string          `json:"tool_use_id"`
	Content   json.RawMessage `json:"content"` // tool_result: a string or blocks
	IsError   bool            `json:"is_error"`
}

// resultLine ends a turn.
type resultLine struct {
	Subtype        string   `json:"subtype"`
	IsError        bool     `json:"is_error"`
	APIErrorStatus *int     `json:"api_error_status"`
	APIErrorType   string   `json:"api_error_type"`
	Result         string   `json:"result"`
	Errors         []string `json:"errors"`
	NumTurns       int      `json:"num_turns"`
	TerminalReason string   `json:"terminal_reason"`
}

// controlRequestLine is a request of the CLI to the host.
type controlRequestLine struct {
	RequestID string `json:"request_id"`
	Request   struct {
		Subtype   string          `json:"subtype"`
		ToolName  string          `json:"tool_name"`
		Input     json.RawMessage `json:"input"`
		ToolUseID string          `json:"tool_use_id"`
	} `json:"request"`
}

// controlResponseLine answers a request of the host.
type controlResponseLine struct {
	Response struct {
		Subtype   string          `json:"subtype"`
		RequestID string          `json:"request_id"`
		Response  json.RawMessage `json:"response"`
		Error     string          `json:"error"`
	} `json:"response"`
}

// controlRequest is a request of the host: initialize, interrupt.
type controlRequest struct {
	Type      string         `json:"type"` // "control_request"
	RequestID string         `json:"request_id"`
	Request   map[string]any `json:"request"`
}

// controlResponse answers a request of the CLI.
type controlResponse struct {
	Type     string              `json:"type"` // "control_response"
	Response controlResponseBody `json:"response"`
}

type controlResponseBody struct {
	Subtype   string `json:"subtype"` // "success" or "error"
	RequestID string `json:"request_id"`
	Response  any    `json:"response,omitempty"`
	Error     string `json:"error,omitempty"`
}

// permission is the answer to can_use_tool.
type permission struct {
	Behavior     string `json:"behavior"` // "allow" or "deny"
	UpdatedInput any    `json:"updatedInput,omitempty"`
	Message      string `json:"message,omitempty"`
}

func allow(requestID string, input any) controlResponse {
	return controlResponse{Type: "control_response", Response: controlResponseBody{
		Subtype: "success", RequestID: requestID, Response: permission{Behavior: "allow", UpdatedInput: input},
	}}
}

func deny(requestID, message string) controlResponse {
	return controlResponse{Type: "control_response", Response: controlResponseBody{
		Subtype: "success", RequestID: requestID, Response: permission{Behavior: "deny", Message: message},
	}}
}

func unsupported(requestID, subtype string) controlResponse {
	return controlResponse{Type: "control_response", Response: controlResponseBody{
		Subtype: "error", RequestID: requestID, Error: "specwright does not handle " + subtype + " requests",
	}}
}

// userInput is a user message written to the CLI.
type userInput struct {
	Type            string  `json:"type"` // "user"
	Message         userMsg `json:"message"`
	ParentToolUseID *string `json:"parent_tool_use_id"`
	SessionID       string  `json:"session_id"`
}

type userMsg struct {
	Role    string `json:"role"`
	Content []any  `json:"content"`
}

type textIn struct {
	Type string `json:"type"`
	Text string `json:"text"`
}

type imageIn struct {
	Type   string `json:"type"`
	Source struct {
		Type      string `json:"type"`
		MediaType string `json:"media_type"`
		Data      string `json:"data"`
	} `json:"source"`
}

// userMessage translates the blocks of a user message: text and base64
// images. Other blocks have no place in a user's message and are dropped.
func userMessage(blocks []chat.Block) userInput {
	var content []any
	for _, b := range blocks {
		switch b.Type {
		case chat.BlockText:
			content = append(content, textIn{Type: "text", Text: b.Text})
		case chat.BlockImage:
			img := imageIn{Type: "image"}
			img.Source.Type = "base64"
			img.Source.MediaType = b.MediaType
			img.Source.Data = b.Data
			content = append(content, img)
		}
	}
	return userInput{Type: "user", Message: userMsg{Role: "user", Content: content}}
}

// blockText returns the text of a tool_result's content, a string or a
// list of blocks; other blocks (images) are named in brackets.
func blockText(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var blocks []contentBlock
	if json.Unmarshal(raw, &blocks) != nil {
		return ""
	}
	var parts []string
	for _, b := range blocks {
		if b.Type == "text" {
			parts = append(parts, b.Text)
		} else if b.Type != "" {
			parts = append(parts, "["+b.Type+"]")
		}
	}
	return strings.Join(parts, "\n")
}

// jsonString returns raw as a string if it is one, else "".
func jsonString(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) != nil {
		return ""
	}
	return s
}
