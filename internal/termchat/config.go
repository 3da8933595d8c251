package termchat

import (
	"context"
	"errors"
	"io"
)

// Config is one run of `specwright chat`.
type Config struct {
	Server Server
	// Project to open; "" lets the person pick or create one (the
	// full-screen client) or is an error (plain mode).
	Project string
	// New starts a new interview (the previous one stays archived).
	New bool
	// Plain selects the line-oriented mode for scripts and pipes.
	Plain bool
	// Color is false for NO_COLOR or a dumb terminal.
	Color bool
	// Note says where the server is, for the header ("embedded server,
	// data in …"); may be empty.
	Note string

	In       io.Reader
	Out, Err io.Writer
}

// Run runs the client until the person quits (or, in plain mode, until
// the spec is complete or the input ends).
func Run(ctx context.Context, cfg Config) error {
	if cfg.Plain {
		if cfg.Project == "" {
			return errors.New("plain mode needs a project name: specwright chat --plain PROJECT")
		}
		return runPlain(ctx, cfg)
	}
	return runTUI(ctx, cfg)
}
