package sandbox

import (
	"errors"
	"io"
	"io/fs"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Glob limits.
const (
	DefaultGlobMax  = 1000    // results when max <= 0
	MaxGlobVisits   = 100_000 // directory entries looked at before giving up
	maxPatternBytes = 1024
	maxBraceExpand  = 64
	readDirChunk    = 256
)

// Glob returns the regular files under base that match pattern, newest
// first (by modification time, then by path), at most max of them (max
// <= 0 means DefaultGlobMax). Paths are slash-separated and relative to
// the folder, not to base, so they can be passed straight to ReadFile.
//
// base is "" for the folder itself, or a directory path Rel accepts.
// pattern is relative to base (an absolute pattern inside the folder is
// accepted too). Each "/"-separated segment is matched like path.Match
// ("*", "?", "[a-z]", "[^x]"); a segment "**" matches any number of
// directories, none included; "{a,b}" alternatives are expanded.
//
// Glob does not follow symbolic links to directories; a symbolic link to
// a regular file inside the folder is listed. Entries whose names break
// the path rules, .git directories, .env files and the temporary files of
// unfinished writes are skipped. When the walk looks at more than MaxGlobVisits
// entries it stops and returns what it found with an error wrapping
// ErrTooMany.
func (d *Dir) Glob(pattern, base string, max int) ([]string, error) {
	const op = "glob"
	if max <= 0 {
		max = DefaultGlobMax
	}
	start := "."
	if base != "" {
		rel, err := d.rel(op, base)
		if err != nil {
			return nil, err
		}
		start = rel
	}
	pats, start, err := d.compileGlob(pattern, start)
	if err != nil {
		return nil, err
	}
	st, err := d.root.Stat(start)
	if err != nil {
		return nil, d.rewrite(op, start, err)
	}
	if !st.IsDir() {
		return nil, &PathError{Op: op, Path: start, Reason: "is not a directory", Err: ErrInvalidPath}
	}

	g := &globber{d: d, pats: pats}
	states := make([][]int, len(pats))
	for i, p := range pats {
		states[i] = closure(p, []int{0})
	}
	walkErr := g.walk(start, states)
	if walkErr != nil && !errors.Is(walkErr, ErrTooMany) {
		return nil, d.rewrite(op, start, walkErr)
	}
	slices.SortFunc(g.found, func(a, b found) int {
		if c := b.mod.Compare(a.mod); c != 0 {
			return c
		}
		return strings.Compare(a.rel, b.rel)
	})
	if len(g.found) > max {
		g.found = g.found[:max]
	}
	out := make([]string, len(g.found))
	for i, f := range g.found {
		out[i] = f.rel
	}
	if walkErr != nil {
		return out, &PathError{Op: op, Path: start,
			Reason: "stopped after looking at " + strconv.Itoa(MaxGlobVisits) + " entries; results are incomplete",
			Err:    ErrTooMany}
	}
	return out, nil
}

// compileGlob checks pattern and splits it into segments, once per brace
// alternative. An absolute pattern inside the folder replaces start.
func (d *Dir) compileGlob(pattern, start string) ([][]string, string, error) {
	bad := func(reason string, err error) ([][]string, string, error) {
		return nil, "", &PathError{Op: "glob", Path: d.echo(pattern), Reason: reason, Err: err}
	}
	switch {
	case pattern == "":
		return bad("empty pattern", ErrInvalidPath)
	case len(pattern) > maxPatternBytes:
		return bad("pattern too long", ErrInvalidPath)
	case !utf8.ValidString(pattern):
		return bad("pattern is not valid UTF-8", ErrInvalidPath)
	}
	p := pattern
	if filepath.IsAbs(p) || strings.HasPrefix(p, "/") {
		if runtime.GOOS == "windows" {
			p = filepath.ToSlash(p)
		}
		rest, ok := "", false
		for _, b := range []string{d.abs, d.real} {
			prefix := strings.TrimSuffix(filepath.ToSlash(b), "/") + "/"
			if r, found := strings.CutPrefix(p, prefix); found {
				rest, ok = r, true
				break
			}
		}
		if !ok {
			return bad("absolute pattern outside the project folder; use a pattern relative to it", ErrOutside)
		}
		p, start = rest, "."
	}
	for _, r := range p {
		if r == '?' || r == '*' {
			continue
		}
		if reason := badRune(r); reason != "" {
			return bad(strings.Replace(reason, "path", "pattern", 1), ErrInvalidPath)
		}
	}
	alts, ok := expandBraces(p, maxBraceExpand)
	if !ok {
		return bad("too many {…} alternatives", ErrInvalidPath)
	}
	var pats [][]string
	for _, alt := range alts {
		var segs []string
		for seg := range strings.SplitSeq(alt, "/") {
			switch {
			case seg == "" || seg == ".":
				continue
			case seg == "..":
				return bad("patterns may not contain \"..\"; pass a path instead", ErrOutside)
			case seg == "**" && len(segs) > 0 && segs[len(segs)-1] == "**":
				continue
			}
			if _, err := path.Match(seg, ""); err != nil {
				return bad("malformed pattern segment "+strconv.Quote(seg), ErrInvalidPath)
			}
			segs = append(segs, seg)
		}
		if len(segs) == 0 {
			return bad("pattern matches no file", ErrInvalidPath)
		}
		pats = append(pats, segs)
	}
	return pats, start, nil
}

// expandBraces expands "{a,b}" alternatives, nested or not, into at most
// limit patterns. Text without a matching brace pair stays literal.
func expandBraces(p string, limit int) ([]string, bool) {
	open := strings.IndexByte(p, '{')
	if open < 0 {
		return []string{p}, true
	}
	depth, end := 0, -1
	var commas []int
	for i := open; i < len(p) && end < 0; i++ {
		switch p[i] {
		case '{':
			depth++
		case '}':
			depth--
			if depth == 0 {
				end = i
			}
		case ',':
			if depth == 1 {
				commas = append(commas, i)
			}
		}
	}
	if end < 0 {
		return []string{p}, true
	}
	prefix, suffix := p[:open], p[end+1:]
	var opts []string
	last := open + 1
	for _, c := range commas {
		opts = append(opts, p[last:c])
		last = c + 1
	}
	opts = append(opts, p[last:end])
	var out []string
	for _, o := range opts {
		exp, ok := expandBraces(prefix+o+suffix, limit)
		if !ok {
			return nil, false
		}
		for _, e := range exp {
			if !slices.Contains(out, e) {
				out = append(out, e)
			}
		}
		if len(out) > limit {
			return nil, false
		}
	}
	return out, true
}

type found struct {
	rel string
	mod time.Time
}

type globber struct {
	d      *Dir
	pats   [][]string
	visits int
	found  []found
}

// walk lists dir and descends into the subdirectories some pattern can
// still match below. states[i] holds the positions pattern i can be at
// after matching dir.
func (g *globber) walk(dir string, states [][]int) error {
	entries, listErr := g.list(dir)
	if listErr != nil && !errors.Is(listErr, ErrTooMany) {
		return listErr
	}
	for _, e := range entries {
		name := e.Name()
		if !validName(name) || isTempName(name) {
			continue
		}
		child := name
		if dir != "." {
			child = dir + "/" + name
		}
		if len(child) > MaxPathBytes {
			continue
		}
		next := make([][]int, len(g.pats))
		matches, deeper := false, false
		for i, p := range g.pats {
			next[i] = step(p, states[i], name)
			for _, s := range next[i] {
				if s == len(p) {
					matches = true
				} else {
					deeper = true
				}
			}
		}
		t := e.Type()
		switch {
		case t.IsDir():
			if deeper {
				if err := g.walk(child, next); err != nil {
					if errors.Is(err, ErrTooMany) {
						return err
					}
					// An unreadable or vanished subdirectory is skipped.
				}
			}
		case matches && (t.IsRegular() || t&fs.ModeSymlink != 0):
			// Stat through the Root, not DirEntry.Info, which looks the
			// name up by its full path and could be led outside by a
			// racing rename. A link is followed only inside the folder.
			if info, err := g.d.root.Stat(child); err == nil && info.Mode().IsRegular() {
				g.found = append(g.found, found{child, info.ModTime()})
			}
		}
	}
	return listErr
}

// list reads the entries of dir, counting them against MaxGlobVisits. The
// directory is closed before the walk goes deeper, so open files do not
// pile up with depth.
func (g *globber) list(dir string) ([]fs.DirEntry, error) {
	if g.visits >= MaxGlobVisits {
		return nil, ErrTooMany
	}
	f, err := g.d.root.Open(dir)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var all []fs.DirEntry
	for {
		es, err := f.ReadDir(readDirChunk)
		all = append(all, es...)
		g.visits += len(es)
		if g.visits >= MaxGlobVisits {
			return all, ErrTooMany
		}
		if err == io.EOF || (err == nil && len(es) == 0) {
			return all, nil
		}
		if err != nil {
			return nil, err
		}
	}
}

// step advances the positions S of pattern p over one path component.
func step(p []string, S []int, name string) []int {
	var next []int
	for _, i := range S {
		if i >= len(p) {
			continue
		}
		if p[i] == "**" {
			next = append(next, i)
		} else if ok, _ := path.Match(p[i], name); ok {
			next = append(next, i+1)
		}
	}
	return closure(p, next)
}

// closure adds the positions reachable by letting "**" match nothing, and
// removes duplicates.
func closure(p []string, S []int) []int {
	var out []int
	for _, i := range S {
		for {
			if !slices.Contains(out, i) {
				out = append(out, i)
			}
			if i < len(p) && p[i] == "**" {
				i++
				continue
			}
			break
		}
	}
	return out
}
