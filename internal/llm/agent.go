package llm

import (
	"context"

	"github.com/specwright/specwright/internal/chat"
)

// Agent is a provider that runs the tool loop itself, such as the Claude
// Code CLI: it executes its own file tools in the project folder and keeps
// its own conversation. The engine hands it the user's input and learns
// from the events what happened; it still decides completion from the
// files on disk.
type Agent interface {
	Name() string
	Model() string
	// Run delivers one input to the agent of req.Key — starting its
	// process, or bringing it back with req.ResumeID — and reports what
	// happens through ev until the agent ends its turn or asks a question.
	// Errors wrap an *Error where the cause is known. Cancelling ctx stops
	// the agent's turn (an interrupt), not the agent.
	Run(ctx context.Context, req AgentRequest, ev AgentEvents) (AgentStop, error)
	// Close ends the agent of key, if it runs; a later Run resumes it.
	Close(key string)
	// Shutdown ends every agent; Run fails afterwards.
	Shutdown()
}

// AgentRequest is one input for an agent.
type AgentRequest struct {
	Key      string // the interview: one agent per key
	ResumeID string // the agent's own session id from an earlier run, or ""
	Dir      string // the project folder, the agent's working directory
	System   string // the interview instructions
	// Exactly one of Message and Answer is set.
	Message []chat.Block // a user message: text and images
	// Answer answers the question the agent is waiting on. If the agent
	// no longer waits (its process ended since: a restart, idle reaping),
	// the agent is resumed and gets the answer as a user message.
	Answer *AgentAnswer
}

// AgentAnswer answers the question an agent asked.
type AgentAnswer struct {
	ToolID    string
	Questions []chat.Question
	// Answers[i] holds the labels chosen or the text typed for question
	// i; when the user wrote a plain message instead, FreeText holds it.
	Answers  [][]string
	FreeText string
}

// AgentEvents receives what an agent does. Every field may be nil. They
// are called from the goroutine that called Run, in order.
type AgentEvents struct {
	Text      func(delta string)   // streamed assistant text
	Message   func(m chat.Message) // a finished assistant message or tool results, to store
	Wrote     func(rel string)     // a file the agent wrote, relative to Dir, slash-separated
	SessionID func(id string)      // the agent's session id, to store for resuming
}

// AgentStop says how a Run ended.
type AgentStop struct {
	// Question is set when the agent waits for an answer; the next Run
	// carries it in AgentRequest.Answer.
	Question *AgentQuestion
}

// AgentQuestion is a structured question an agent asked.
type AgentQuestion struct {
	ToolID    string
	Questions []chat.Question
}
