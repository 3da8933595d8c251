package termchat

// Event is one server → client message of the protocol. Fields a type
// does not use stay zero; unknown fields are ignored, so a newer server
// works with this client.
type Event struct {
	Type        string     `json:"type"`
	Seq         int64      `json:"seq,omitempty"`
	Content     string     `json:"content,omitempty"`
	Questions   []Question `json:"questions,omitempty"`
	ToolID      string     `json:"tool_id,omitempty"`
	Path        string     `json:"path,omitempty"`
	Problems    []string   `json:"problems,omitempty"`
	Interrupted bool       `json:"interrupted,omitempty"`
	Attachments []string   `json:"attachments,omitempty"`

	// resumed only.
	SessionID int64 `json:"session_id,omitempty"`
	LastSeq   int64 `json:"last_seq,omitempty"`
	Running   bool  `json:"running,omitempty"`
}

// Question is one question of a structured question card.
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

// The client → server frames this client sends.

type startFrame struct {
	Type string `json:"type"`
}

type messageFrame struct {
	Type    string `json:"type"`
	Content string `json:"content"`
}

type answerFrame struct {
	Type    string         `json:"type"`
	Answers map[string]any `json:"answers"`
	ToolID  *string        `json:"tool_id"`
}

type resumeFrame struct {
	Type      string `json:"type"`
	AfterSeq  int64  `json:"after_seq"`
	SessionID int64  `json:"session_id,omitempty"`
}

type interruptFrame struct {
	Type string `json:"type"`
}
