// Package chat holds specwright's vocabulary: projects, sessions, the
// messages exchanged with a model, the events a client sees, the error
// codes, and the contract a store fulfils. It imports only the standard
// library so that every other package can depend on it.
package chat
