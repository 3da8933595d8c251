package chat

import "time"

// Project is a named folder in which an interview writes its spec.
type Project struct {
	Name      string    `json:"name"`
	CreatedAt time.Time `json:"created_at"`
	// Latest is the project's latest session, nil if it has none. Store
	// ListProjects fills it, in the same query; GetProject leaves it nil.
	Latest *Session `json:"-"`
}

// SessionStatus says whether a session is the project's live interview.
type SessionStatus string

// Session statuses. Only an active session takes messages; the others are
// kept for the record.
const (
	SessionActive    SessionStatus = "active"
	SessionArchived  SessionStatus = "archived"  // replaced by a later start
	SessionCancelled SessionStatus = "cancelled" // ended by DELETE
)

// SpecStatus is the server's verdict on a project's spec files, computed
// from what it verified on disk, never from what a model said.
type SpecStatus string

// Spec statuses, as the status route reports them.
const (
	SpecNotStarted SpecStatus = "not_started"
	SpecInProgress SpecStatus = "in_progress"
	SpecComplete   SpecStatus = "complete"
	SpecError      SpecStatus = "error"
)

// Session is one interview of a project.
type Session struct {
	ID        int64         `json:"id"`
	Project   string        `json:"project"`
	Status    SessionStatus `json:"status"`
	Provider  string        `json:"provider"`
	Model     string        `json:"model"`
	CreatedAt time.Time     `json:"created_at"`
	UpdatedAt time.Time     `json:"updated_at"`

	// Written lists the spec files (relative to the project folder) that a
	// tool call wrote during this session.
	Written []string `json:"files_written"`
	// SpecStatus is the verdict of the last check of the spec files.
	SpecStatus SpecStatus `json:"spec_status"`
	// FeatureCount is the validated count of the last complete spec.
	FeatureCount int `json:"feature_count,omitempty"`
	// CompleteHash identifies the last spec version announced as
	// complete, so that one version is announced once.
	CompleteHash string `json:"-"`
	// VerifiedAt is when the spec files were last checked.
	VerifiedAt time.Time `json:"verified_at"`
	// ProviderRef is an agent provider's own session id, for resuming it.
	ProviderRef string `json:"-"`
}

// IsComplete reports whether the session produced a spec that passed
// validation.
func (s Session) IsComplete() bool { return s.CompleteHash != "" }

// HasWritten reports whether path is among the files written.
func (s Session) HasWritten(path string) bool {
	for _, p := range s.Written {
		if p == path {
			return true
		}
	}
	return false
}
