// Package sqlite is the chat.Store on an embedded SQLite database
// (modernc.org/sqlite, no cgo). Every pooled connection runs in WAL mode
// with synchronous=FULL, a busy timeout and foreign keys on, so a message
// acknowledged to a client survives a crash of the process or the machine.
// The schema lives in embedded migrations applied at Open.
package sqlite
