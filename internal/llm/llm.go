package llm

import (
	"context"
	"encoding/json"

	"github.com/specwright/specwright/internal/chat"
)

// ToolSpec describes a tool offered to the model.
type ToolSpec struct {
	Name        string
	Description string
	// Schema is the JSON Schema of the tool's input: an object schema.
	Schema json.RawMessage
}

// Request is one round trip's input.
type Request struct {
	// Project names the project the interview is for. Model adapters
	// ignore it; the guided interviewer puts it in the spec.
	Project   string
	System    string
	Messages  []chat.Message
	Tools     []ToolSpec
	MaxTokens int
	// PromptsDir is the folder, relative to the project, the spec files
	// go in ("prompts" or ".autoforge/prompts"); models read it in System,
	// the guided interviewer uses it directly. Empty means "prompts".
	PromptsDir string
}

// StopReason says why the model stopped.
type StopReason string

// Stop reasons, named after the Anthropic API's.
const (
	StopEndTurn   StopReason = "end_turn"
	StopToolUse   StopReason = "tool_use"
	StopMaxTokens StopReason = "max_tokens"
	StopRefusal   StopReason = "refusal"
	StopOther     StopReason = "other"
)

// Usage counts the tokens of one round trip.
type Usage struct {
	InputTokens      int64
	OutputTokens     int64
	CacheReadTokens  int64
	CacheWriteTokens int64
}

// Reply is the model's answer of one round trip: text and tool_use
// blocks in the order the model produced them.
type Reply struct {
	Content    []chat.Block
	StopReason StopReason
	Usage      Usage
}

// Provider runs one round trip with a model.
type Provider interface {
	// Name is the provider's name, such as "anthropic" or "guided".
	Name() string
	// Model is the model in use ("" where there is none).
	Model() string
	// Stream sends req and calls onText with each piece of text as it
	// arrives, in order, from the calling goroutine. It returns the whole
	// reply, or an error, wrapping an *Error where the cause is known.
	Stream(ctx context.Context, req Request, onText func(string)) (Reply, error)
}
