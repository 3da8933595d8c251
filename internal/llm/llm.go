package llm

import (
	"context"

	"github.com/specwright/specwright/internal/chat"
)

// ToolSpec describes a tool offered to the model. It is the
// vocabulary's, so that the tools need not import the model layer.
type ToolSpec = chat.ToolSpec

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
	// Bounds caps what the adapter keeps of the reply; zero fields do
	// not cap.
	Bounds Bounds
}

// Bounds caps what one reply may carry, so that a model (or a server
// posing as one) cannot fill the server's memory or the stored
// conversation. An adapter keeps at most Text bytes of each text block
// (and streams no more) and at most ToolInput bytes of each tool call's
// input; it reads the rest of the stream and drops it, and lists the
// blocks it cut in Reply.Cut.
type Bounds struct {
	Text      int
	ToolInput int
}

// Over reports whether a block that reached n bytes is past the bound b
// (0: no bound).
func Over(n, b int) bool { return b > 0 && n > b }

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
	// Cut maps the index in Content of each block cut to its bound to
	// the bytes the model sent for it (at least): a text block keeps its
	// beginning, a tool call none of its input.
	Cut map[int]int
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
