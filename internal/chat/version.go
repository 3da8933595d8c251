package chat

import (
	"context"
	"time"
)

// Version is one stored version of a project's spec files: a pair that
// passed the server's check (each spec_complete), or a restore of an
// earlier one. Versions are numbered from 1 per project and outlive the
// sessions that made them.
type Version struct {
	Project string    `json:"-"`
	Number  int       `json:"number"`
	Created time.Time `json:"created_at"`
	// SessionID is the interview that produced it (0 for a restore made
	// with no interview active), and Seq the seq, in that session's
	// transcript, of the user message or answer whose turn wrote it (0
	// when the turn had none, such as a restore).
	SessionID int64 `json:"session_id"`
	Seq       int64 `json:"seq"`
	// RestoredFrom is the version this one restores, or 0.
	RestoredFrom int `json:"restored_from,omitempty"`

	Hash         string `json:"hash"`
	FeatureCount int    `json:"feature_count"` // the declared count
	Features     int    `json:"features"`      // the features listed
	Score        int    `json:"score"`

	// The two files; empty when a list was asked for without them.
	AppSpec     string `json:"app_spec,omitempty"`
	Initializer string `json:"initializer_prompt,omitempty"`
}

// VersionNote is what a "version" event says about a new version: its
// number, a one-line summary of what changed since the one before, and
// the IDs (or, without an ID, the names) of the features changed.
type VersionNote struct {
	Number       int      `json:"number"`
	RestoredFrom int      `json:"restored_from,omitempty"`
	Summary      string   `json:"summary"`
	Added        []string `json:"added"`
	Changed      []string `json:"changed"`
	Removed      []string `json:"removed"`
}

// HistoryStore is the part of a store that keeps a project's history
// beyond its live session: the spec versions, the earlier sessions, and
// renaming or deleting the whole project. Errors follow Store's rules.
type HistoryStore interface {
	// AddVersion stores v as the project's next version and returns it
	// with Number and Created set.
	AddVersion(ctx context.Context, v Version) (Version, error)
	// Versions lists the project's versions, oldest first, with the files
	// when withFiles is set.
	Versions(ctx context.Context, project string, withFiles bool) ([]Version, error)
	// GetVersion returns version n of the project, with its files.
	GetVersion(ctx context.Context, project string, n int) (Version, error)
	// LastUserSeq returns the seq of the session's latest user event, or 0.
	LastUserSeq(ctx context.Context, sessionID int64) (int64, error)

	// Sessions lists the project's sessions, oldest first.
	Sessions(ctx context.Context, project string) ([]Session, error)
	// GetSession returns one session of the project.
	GetSession(ctx context.Context, project string, id int64) (Session, error)
	// RenameProject gives the project and all its rows a new name.
	RenameProject(ctx context.Context, from, to string) error
	// DeleteProject removes the project and every row of it.
	DeleteProject(ctx context.Context, name string) error
}
