package sandbox

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strconv"
	"strings"
	"syscall"
	"unicode/utf8"
)

// Errors a *PathError may wrap, for errors.Is. Besides these, a
// *PathError may wrap fs.ErrNotExist, fs.ErrExist, fs.ErrPermission or a
// syscall.Errno, none of which carries a path.
var (
	// ErrInvalidPath: the path breaks the path rules (see Dir.Rel).
	ErrInvalidPath = errors.New("invalid path")
	// ErrOutside: the path, or a symbolic link on it, leads out of the
	// folder.
	ErrOutside = errors.New("path escapes the project folder")
	// ErrDenied: the path names something the tools may never touch,
	// such as .git or a .env file.
	ErrDenied = errors.New("access denied")
	// ErrNotRegular: the operation needs a regular file.
	ErrNotRegular = errors.New("not a regular file")
	// ErrTooLarge: a size limit was reached.
	ErrTooLarge = errors.New("too large")
	// ErrChanged: the file changed since it was read.
	ErrChanged = errors.New("file changed since it was read")
	// ErrTooMany: Glob stopped walking the tree early.
	ErrTooMany = errors.New("too many entries to search")
)

// PathError reports a failed operation. Its text is safe to show a model
// or a user: Path is the cleaned path relative to the folder, or, when
// the input could not be placed inside the folder, the input quoted with
// the folder's absolute path replaced by "<project folder>". Err is one
// of the sentinel errors above, a fs error or an errno; it never holds an
// error whose text names the folder.
type PathError struct {
	Op     string // "read", "write", "stat", "glob"; "" for Rel
	Path   string
	Reason string
	Err    error
}

func (e *PathError) Error() string {
	if e.Op == "" {
		return e.Path + ": " + e.Reason
	}
	return e.Op + " " + e.Path + ": " + e.Reason
}

func (e *PathError) Unwrap() error { return e.Err }

const folderMark = "<project folder>"

// maxEcho bounds how much of a refused input an error repeats.
const maxEcho = 120

// echo quotes a refused input for an error message, hiding the folder's
// absolute path and keeping it short.
func (d *Dir) echo(input string) string {
	s := input
	for _, p := range []string{d.abs, d.real} {
		if len(p) > 1 {
			s = strings.ReplaceAll(s, p, folderMark)
		}
	}
	if len(s) > maxEcho {
		cut := maxEcho
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut] + "…"
	}
	return strconv.Quote(s)
}

// rewrite turns an error from os.Root or os.File, whose text may contain
// the folder's absolute path, into a *PathError naming rel.
func (d *Dir) rewrite(op, rel string, err error) error {
	if err == nil {
		return nil
	}
	var pe *PathError
	if errors.As(err, &pe) {
		return err
	}
	inner := err
	for {
		switch e := inner.(type) {
		case *fs.PathError:
			inner = e.Err
			continue
		case *os.LinkError:
			inner = e.Err
			continue
		case *os.SyscallError:
			inner = e.Err
			continue
		}
		break
	}
	out := &PathError{Op: op, Path: rel}
	var errno syscall.Errno
	switch {
	case inner != nil && inner.Error() == "path escapes from parent":
		out.Reason, out.Err = "path escapes the project folder (through \"..\" or a symbolic link)", ErrOutside
	case errors.Is(inner, os.ErrClosed):
		out.Reason, out.Err = "the project folder is closed", os.ErrClosed
	case errors.As(inner, &errno):
		out.Err = errno
		switch {
		case errors.Is(errno, fs.ErrNotExist):
			out.Reason = "no such file or directory"
		case errors.Is(errno, fs.ErrPermission):
			out.Reason = "permission denied"
		default:
			out.Reason = errno.Error()
		}
	case errors.Is(inner, fs.ErrNotExist):
		out.Reason, out.Err = "no such file or directory", fs.ErrNotExist
	case errors.Is(inner, fs.ErrExist):
		out.Reason, out.Err = "file already exists", fs.ErrExist
	case errors.Is(inner, fs.ErrPermission):
		out.Reason, out.Err = "permission denied", fs.ErrPermission
	default:
		msg := fmt.Sprint(inner)
		if d.mentionsFolder(msg) {
			msg = "operation failed"
		}
		out.Reason, out.Err = msg, errors.New(msg)
	}
	return out
}

func (d *Dir) mentionsFolder(s string) bool {
	return (len(d.abs) > 1 && strings.Contains(s, d.abs)) ||
		(len(d.real) > 1 && strings.Contains(s, d.real))
}
