package chat

import "context"

// Store keeps projects, sessions, the model conversation and the client
// transcript. Implementations return *Error with CodeNotFound for missing
// records and CodeConflict for a project name that differs from an
// existing one only by case.
type Store interface {
	// EnsureProject returns the project, creating it if needed.
	EnsureProject(ctx context.Context, name string) (Project, error)
	GetProject(ctx context.Context, name string) (Project, error)
	ListProjects(ctx context.Context) ([]Project, error)

	// ActiveSession returns the project's active session.
	ActiveSession(ctx context.Context, project string) (Session, error)
	// StartSession archives the project's active session, if any, and
	// creates a new active one holding the messages first, in one
	// transaction; the project is created if it does not exist (the
	// caller has checked its name, as for EnsureProject).
	StartSession(ctx context.Context, s Session, first ...Message) (Session, error)
	// EndSession sets the status of an active session.
	EndSession(ctx context.Context, id int64, status SessionStatus) error
	// UpdateSpecState saves the spec fields of s (Written, SpecStatus,
	// FeatureCount, CompleteHash, VerifiedAt).
	UpdateSpecState(ctx context.Context, s Session) error
	// SetProviderRef saves an agent provider's own session id.
	SetProviderRef(ctx context.Context, id int64, ref string) error
	// ActiveProjects lists the projects that have an active session.
	ActiveProjects(ctx context.Context) ([]string, error)
	// LatestSession returns the project's newest session of any status.
	LatestSession(ctx context.Context, project string) (Session, error)

	// Append stores messages and events of a session in one transaction,
	// and returns the events with their Seq set.
	Append(ctx context.Context, sessionID int64, msgs []Message, events []Event) ([]Event, error)
	// Messages returns the session's model conversation in order.
	Messages(ctx context.Context, sessionID int64) ([]Message, error)
	// Events returns the session's stored events with Seq > afterSeq.
	Events(ctx context.Context, sessionID int64, afterSeq int64) ([]Event, error)
	// CountMessages counts the user messages and assistant text blocks.
	CountMessages(ctx context.Context, sessionID int64) (int, error)

	Close() error
}
