// Package termchat is specwright's terminal client: `specwright chat`.
//
// It speaks version 2 of the WebSocket protocol (docs/protocol.md) and the
// REST routes, and knows nothing of the server's insides, so it works
// against any specwright server, local or remote. cmd/specwright decides
// which server to talk to (a running one, or an embedded one it starts)
// and hands this package a URL.
//
// The parts, each in its own file:
//
//   - wire.go, rest.go: the protocol's messages and REST routes as this
//     client uses them.
//   - link.go: one WebSocket to a project that redials after a drop; it
//     reports what happens as messages and never blocks the caller.
//   - conversation.go, resume.go: the interview as the client shows it,
//     computed from the server's events, and the resume rules that make a
//     reconnect lose and repeat nothing. Pure, and shared by both front
//     ends; answer.go turns picks and typed lines into answers.
//   - plain.go, printer.go: the line-oriented front end for scripts and
//     pipes.
//   - tui.go and its neighbours (keys, view, picker, specpane, projects,
//     markdown, styles): the full-screen front end, a Bubble Tea program
//     with Bubbles components, Lip Gloss styles and Glamour for the
//     model's Markdown.
//
// A question is "waiting for the user" whether or not the server ends the
// turn's first half with response_done right after it; that
// response_done leaves the question open.
//
// The package reads no environment variables: colour, token and address
// come in [Config].
package termchat
