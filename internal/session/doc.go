// Package session is specwright's use case: it runs the interview. A turn
// stores the user's message, streams the model's reply to every socket of
// the project, executes the tools the model calls inside the project
// folder, checks the spec files on disk, and stores everything it
// produces as it happens.
//
// A turn runs under a context owned by the Service, never by a socket: a
// socket is a subscriber, and dropping it loses nothing. An idle session
// holds no goroutine, no model connection and no copy of its transcript;
// everything needed to continue it is in the store, so a session outlives
// the server.
//
// When the model asks a structured question (AskUserQuestion), the turn
// ends with the question pending; the user's answer starts the next turn
// with the answer as the tool's result.
package session
