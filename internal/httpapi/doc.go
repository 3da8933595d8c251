// Package httpapi is specwright's HTTP face: the REST routes and the
// WebSocket of the spec-creation protocol (docs/protocol.md). routes.go
// lists the whole API; errors are mapped to statuses in one place.
package httpapi
