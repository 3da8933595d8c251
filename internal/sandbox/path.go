package sandbox

import (
	"path"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Length limits of the path grammar, in bytes.
const (
	MaxNameBytes  = 255  // one path component
	MaxPathBytes  = 1024 // a cleaned relative path
	maxInputBytes = 4096 // a raw input, before it is made relative
)

// Rel turns a path supplied by a model into a clean, slash-separated path
// relative to the folder: "." for the folder itself, otherwise a path
// that fs.ValidPath and filepath.IsLocal accept. p may be relative to the
// folder or absolute inside it (under the path the folder was opened
// with, or its symlink-resolved form).
//
// The grammar is the same on every OS, so that a path accepted here means
// the same file on Linux, macOS and Windows: valid UTF-8; "/" is the only
// separator; no backslash, colon, NUL, control or bidirectional-format
// characters, and none of < > " | ? *; no component ending in a dot or a
// space; no Windows device name (CON, PRN, AUX, NUL, COM0-9, LPT0-9 with
// superscript digits too, CONIN$, CONOUT$; in any case and with any
// extension); no component that looks like a Windows 8.3 short name
// (SECRET~1.TXT), which could alias a denied name; components of at most
// MaxNameBytes, a cleaned path of at most MaxPathBytes. ".." may appear
// only where cleaning removes it without leaving the folder, so "a/../b"
// is "b" and "../x" is refused. Components named .git and files named
// .env or .env.* are denied: they hold repository internals and secrets.
//
// Rel is lexical: symbolic links are dealt with by the os.Root that every
// operation goes through. Errors are *PathError values.
func (d *Dir) Rel(p string) (string, error) {
	return d.rel("", p)
}

func (d *Dir) rel(op, p string) (string, error) {
	bad := func(reason string, err error) error {
		return &PathError{Op: op, Path: d.echo(p), Reason: reason, Err: err}
	}
	if p == "" {
		return "", bad("empty path", ErrInvalidPath)
	}
	if len(p) > maxInputBytes {
		return "", bad("path too long", ErrInvalidPath)
	}
	if !utf8.ValidString(p) {
		return "", bad("path is not valid UTF-8", ErrInvalidPath)
	}

	var rel string
	switch {
	case filepath.IsAbs(p):
		r, ok := d.inside(p)
		if !ok {
			return "", bad("absolute path outside the project folder; use a path relative to it", ErrOutside)
		}
		rel = r
	case strings.HasPrefix(p, "/") || (runtime.GOOS == "windows" && strings.HasPrefix(p, `\`)):
		// Rooted but not absolute: Windows, "\x" or "/x".
		return "", bad("absolute path outside the project folder; use a path relative to it", ErrOutside)
	default:
		rel = p
	}

	// A relative input is checked on its own components, so that a name
	// cleaning would drop ("x./..") is refused too; an absolute one was
	// cleaned to find the folder in it, and is checked on what remains.
	if reason, err := checkPath(rel); reason != "" {
		return "", bad(reason, err)
	}
	c := path.Clean(rel)
	if c == ".." || strings.HasPrefix(c, "../") {
		return "", bad("path escapes the project folder", ErrOutside)
	}
	if c == "~" || strings.HasPrefix(c, "~/") {
		return "", bad("\"~\" (a home directory) is not supported; paths are relative to the project folder", ErrInvalidPath)
	}
	if len(c) > MaxPathBytes {
		return "", bad("path longer than 1024 bytes", ErrInvalidPath)
	}
	if reason, err := checkDenied(c); reason != "" {
		return "", &PathError{Op: op, Path: c, Reason: reason, Err: err}
	}
	return c, nil
}

// inside makes an absolute path relative to the folder, converting it to
// slash form, or reports false when it is not inside.
func (d *Dir) inside(p string) (string, bool) {
	c := filepath.Clean(p)
	for _, base := range []string{d.abs, d.real} {
		if base == "" {
			continue
		}
		r, err := filepath.Rel(base, c)
		if err != nil {
			continue
		}
		if r == "." {
			return ".", true
		}
		if filepath.IsLocal(r) {
			return filepath.ToSlash(r), true
		}
	}
	return "", false
}

// checkPath checks a slash-separated relative path against the grammar.
// It returns "" when the path is acceptable, else the reason and the
// sentinel error.
func checkPath(p string) (string, error) {
	for _, r := range p {
		if reason := badRune(r); reason != "" {
			return reason, ErrInvalidPath
		}
	}
	for name := range strings.SplitSeq(p, "/") {
		if name == "" || name == "." || name == ".." {
			continue
		}
		if reason := checkName(name); reason != "" {
			return reason, ErrInvalidPath
		}
	}
	return "", nil
}

// badRune says why r may not appear in a path, or "".
func badRune(r rune) string {
	switch {
	case r == 0:
		return "path contains a NUL byte"
	case r == '\\':
		return "path contains a backslash; use / as the separator"
	case r == ':':
		return "path contains a colon (drive letters and alternate data streams are not supported)"
	case strings.ContainsRune(`<>"|?*`, r):
		return "path contains one of < > \" | ? *, which are not portable in file names"
	case unicode.IsControl(r):
		return "path contains a control character"
	case isBidiControl(r):
		return "path contains an invisible formatting character"
	}
	return ""
}

// isBidiControl reports the invisible characters that can make a path
// look different from what it is: bidirectional controls, zero-width
// characters and the byte-order mark.
func isBidiControl(r rune) bool {
	switch {
	case r == 0x061C, r == 0x200B, r == 0x200C, r == 0x200D, r == 0x200E, r == 0x200F, r == 0x2060, r == 0xFEFF:
		return true
	case r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x2069:
		return true
	}
	return false
}

// checkName checks one component that is not "." or "..".
func checkName(name string) string {
	if len(name) > MaxNameBytes {
		return "a path component is longer than 255 bytes"
	}
	q := strconv.Quote(name)
	switch name[len(name)-1] {
	case '.':
		return "path component " + q + " ends with a dot"
	case ' ':
		return "path component " + q + " ends with a space"
	}
	if isReservedName(name) {
		return "path component " + q + " is a reserved Windows device name"
	}
	if isShortName(name) {
		return "path component " + q + " looks like a Windows short (8.3) name"
	}
	return ""
}

// isReservedName reports whether name is a Windows device name, the way
// Windows reads it: the part before the first dot, trailing spaces
// ignored, compared without case.
func isReservedName(name string) bool {
	base, _, _ := strings.Cut(name, ".")
	base = strings.TrimRight(base, " ")
	switch strings.ToUpper(base) {
	case "CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$":
		return true
	}
	if len(base) < 4 {
		return false
	}
	switch strings.ToUpper(base[:3]) {
	case "COM", "LPT":
	default:
		return false
	}
	switch base[3:] {
	case "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "¹", "²", "³":
		return true
	}
	return false
}

// isShortName reports whether name has the shape of a generated 8.3
// name: a tilde followed only by digits before the extension, as in
// "SECRE~1.TXT" or "GIT~1".
func isShortName(name string) bool {
	base, _, _ := strings.Cut(name, ".")
	i := strings.LastIndexByte(base, '~')
	if i <= 0 || i == len(base)-1 {
		return false
	}
	for _, c := range base[i+1:] {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// checkDenied refuses .git anywhere and .env files, on a cleaned path.
func checkDenied(c string) (string, error) {
	for name := range strings.SplitSeq(c, "/") {
		l := strings.ToLower(name)
		if l == ".git" {
			return "access to .git is not allowed", ErrDenied
		}
		if l == ".env" || strings.HasPrefix(l, ".env.") {
			return "access to .env files is not allowed (they hold secrets)", ErrDenied
		}
	}
	return "", nil
}

// validName reports whether a directory entry's name passes the grammar
// and the deny list; Glob skips the others.
func validName(name string) bool {
	if name == "" || name == "." || name == ".." || !utf8.ValidString(name) {
		return false
	}
	for _, r := range name {
		if r == '/' || badRune(r) != "" {
			return false
		}
	}
	if checkName(name) != "" {
		return false
	}
	reason, _ := checkDenied(name)
	return reason == ""
}
