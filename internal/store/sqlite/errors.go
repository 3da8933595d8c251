package sqlite

import (
	"errors"
	"fmt"

	"modernc.org/sqlite"

	"github.com/specwright/specwright/internal/chat"
)

// Primary SQLite result codes (an extended code keeps its primary code in
// the low byte).
const (
	codeBusy     = 5
	codeLocked   = 6
	codeReadOnly = 8
	codeIOErr    = 10
	codeCorrupt  = 11
	codeFull     = 13
	codeCantOpen = 14
	codeNotADB   = 26
)

// fail wraps err, from the step op, for the caller. An SQLite failure the
// user should hear about becomes a *chat.Error saying what happened: the
// disk is full, the data is read-only, locked or unreadable, or the
// database is damaged. None of these loses what was stored before: each
// write is one transaction, which SQLite rolls back whole. fail(op, nil)
// is nil.
func fail(op string, err error) error {
	if err == nil {
		return nil
	}
	wrapped := fmt.Errorf("%s: %w", op, err)
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return wrapped
	}
	const kept = " Nothing already stored was lost; if you just sent something, send it again once this is fixed."
	var code chat.Code = chat.CodeStorage
	var what string
	switch se.Code() & 0xff {
	case codeFull:
		what = "The server cannot write its data: the disk is full. Free some space on it."
	case codeReadOnly:
		what = "The server cannot write its data: its database is read-only. Check the permissions of the data folder and of the disk."
	case codeBusy, codeLocked:
		what = "The server cannot write its data: its database is locked by another program. Stop whatever else uses it."
	case codeIOErr, codeCantOpen:
		what = "The server cannot read or write its data: the disk reported an error. Check the disk and the data folder."
	case codeCorrupt, codeNotADB:
		code = chat.CodeInternal
		what = "The server's database is damaged, so this could not be done. Stop the server and restore or recover the database (see the server's log)."
	default:
		return wrapped
	}
	return &chat.Error{Code: code, Message: what + kept, Err: wrapped}
}

// damaged is the error Open returns for a database that fails its check:
// what is wrong and the way out. Starting on it could lose more.
func damaged(path, found string) error {
	return fmt.Errorf("the database %s is damaged (%s). specwright will not start on it, so that nothing more is lost. "+
		"To go on: stop anything else using it and keep a copy of the file; then either restore a backup, or recover what can be read "+
		"with `sqlite3 %s .recover | sqlite3 %s.recovered` and put the recovered file in its place, or move the file away to start "+
		"with an empty database (the project folders and their spec files are not touched)", path, found, path, path)
}

// isDamage reports whether err says the file is corrupt or no database.
func isDamage(err error) bool {
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return false
	}
	c := se.Code() & 0xff
	return c == codeCorrupt || c == codeNotADB
}
