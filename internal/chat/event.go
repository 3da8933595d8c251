package chat

import (
	"encoding/json"
	"time"
)

// EventType names a server → client message of the protocol.
type EventType string

// The server → client message types. The first eight are the reference
// protocol's; the rest are additive extensions (see docs/protocol.md).
const (
	EventText         EventType = "text"
	EventQuestion     EventType = "question"
	EventFileWritten  EventType = "file_written"
	EventSpecComplete EventType = "spec_complete"
	EventResponseDone EventType = "response_done"
	EventComplete     EventType = "complete"
	EventError        EventType = "error"
	EventPong         EventType = "pong"

	// EventUser records a user message in the transcript, so that a client
	// redrawing the conversation can show it. It is never sent live.
	EventUser EventType = "user"
	// EventValidation reports what the server found wrong with the spec
	// files it checked after a turn.
	EventValidation EventType = "validation"
	// EventResumed ends the replay that answers a client's resume.
	EventResumed EventType = "resumed"
	// EventVersion announces a new stored version of the spec files.
	EventVersion EventType = "version"
)

// V2Only reports whether only clients of protocol version 2 receive
// events of this type.
func (t EventType) V2Only() bool {
	return t == EventUser || t == EventValidation || t == EventResumed || t == EventVersion
}

// Event is one server → client message. Seq is set on stored events (it is
// the event's position in its session's transcript) and zero on live-only
// ones, such as streamed text deltas.
type Event struct {
	Seq       int64      `json:"seq,omitempty"`
	Type      EventType  `json:"type"`
	Content   string     `json:"content,omitempty"`
	Path      string     `json:"path,omitempty"`
	Questions []Question `json:"questions,omitempty"`
	ToolID    string     `json:"tool_id,omitempty"`
	// Problems lists what a validation found (EventValidation only).
	Problems []string `json:"problems,omitempty"`
	// Attachments names the images of a user message (EventUser only).
	Attachments []string `json:"attachments,omitempty"`
	// Version describes a new version of the spec (EventVersion only).
	Version *VersionNote `json:"version,omitempty"`
	// Interrupted marks the response_done of a turn the user stopped.
	Interrupted bool `json:"interrupted,omitempty"`
	// SessionID, LastSeq and Running describe the state after a resume
	// (EventResumed only).
	SessionID *int64    `json:"session_id,omitempty"`
	LastSeq   *int64    `json:"last_seq,omitempty"`
	Running   *bool     `json:"running,omitempty"`
	Time      time.Time `json:"-"`
}

// MarshalJSON writes the event in its wire shape. "text" and "error"
// always carry "content", even an empty one, as the reference did.
func (e Event) MarshalJSON() ([]byte, error) {
	type plain Event
	if e.Type == EventText || e.Type == EventError || e.Type == EventUser {
		return json.Marshal(struct {
			plain
			Content string `json:"content"`
		}{plain(e), e.Content})
	}
	return json.Marshal(plain(e))
}

// Question is one structured question, in the shape of Claude Code's
// AskUserQuestion tool and of the protocol's "question" message.
type Question struct {
	Question    string   `json:"question"`
	Header      string   `json:"header"`
	Options     []Option `json:"options"`
	MultiSelect bool     `json:"multiSelect"`
}

// Option is one choice of a Question.
type Option struct {
	Label       string `json:"label"`
	Description string `json:"description"`
}
