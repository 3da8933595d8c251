package claudecli

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
)

// permit decides a can_use_tool request for a tool other than
// AskUserQuestion. Claude Code asks when a call reaches outside its
// working directory, or touches a file it guards (its own settings, git's
// files). A call is allowed when every path in its input resolves, links
// followed, to a place inside the project folder, and, for Write and Edit,
// is not a file that configures Claude Code or git: a project's
// .claude/settings.json can define hooks that run commands, so letting
// the model write one would let it run anything on the server. Tools
// other than the four file tools are denied, since their inputs cannot be
// checked.
func (p *proc) permit(name string, input json.RawMessage) (ok bool, why string) {
	var in map[string]any
	if err := json.Unmarshal(input, &in); err != nil {
		return false, fmt.Sprintf("specwright could not read the input of the %s call.", name)
	}
	str := func(k string) string { s, _ := in[k].(string); return s }
	var paths []string
	write := false
	switch name {
	case "Read":
		paths = []string{str("file_path")}
	case "Write", "Edit":
		paths = []string{str("file_path")}
		write = true
	case "Glob":
		if dir := str("path"); dir != "" {
			paths = append(paths, dir)
		}
		pattern := filepath.FromSlash(str("pattern"))
		switch {
		case filepath.IsAbs(pattern):
			paths = append(paths, staticPrefix(pattern))
		case hasDotDot(pattern):
			return false, "Glob patterns may not climb out of the project folder with \"..\"."
		}
	default:
		return false, fmt.Sprintf("The %s tool is not available in this interview.", name)
	}
	for _, path := range paths {
		if path == "" {
			return false, fmt.Sprintf("The %s call names no file.", name)
		}
		rel, inside := p.inside(path)
		if !inside {
			return false, fmt.Sprintf("%s is outside the project folder; only files inside it may be used.", path)
		}
		if write && protected(rel) {
			return false, fmt.Sprintf("%s configures Claude Code or git; the interview may not change it. Write the spec files instead.", rel)
		}
	}
	return true, ""
}

// inside resolves path (relative to the project folder when not
// absolute, links followed as far as the path exists) and reports whether
// it lies within the project folder, with its slash-separated path
// relative to it.
func (p *proc) inside(path string) (string, bool) {
	if !filepath.IsAbs(path) {
		path = filepath.Join(p.dir, path)
	}
	return within(p.realDir, resolve(path))
}

// rel returns the path, relative to the project folder and
// slash-separated, of a file Claude Code reports it wrote; false when the
// file is outside the folder.
func (p *proc) rel(path string) (string, bool) {
	if path == "" {
		return "", false
	}
	if !filepath.IsAbs(path) {
		path = filepath.Join(p.dir, path)
	}
	path = filepath.Clean(path)
	if r, ok := within(p.dir, path); ok && r != "." {
		return r, true
	}
	if r, ok := within(p.realDir, resolve(path)); ok && r != "." {
		return r, true
	}
	return "", false
}

// within returns path relative to dir, slash-separated, and whether path
// is dir or lies under it. Both must be absolute and clean.
func within(dir, path string) (string, bool) {
	rel, err := filepath.Rel(dir, path)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) || filepath.IsAbs(rel) {
		return "", false
	}
	return filepath.ToSlash(rel), true
}

// resolve cleans an absolute path and follows the symbolic links of its
// longest existing prefix; the rest, which does not exist yet, is kept.
func resolve(path string) string {
	path = filepath.Clean(path)
	rest := ""
	for cur := path; ; {
		if r, err := filepath.EvalSymlinks(cur); err == nil {
			return filepath.Join(r, rest)
		}
		parent := filepath.Dir(cur)
		if parent == cur {
			return path
		}
		rest = filepath.Join(filepath.Base(cur), rest)
		cur = parent
	}
}

// protected reports whether a path relative to the project configures
// Claude Code or git: anything under .claude or .git, CLAUDE.md,
// CLAUDE.local.md and .mcp.json files at any depth.
func protected(rel string) bool {
	for _, part := range strings.Split(rel, "/") {
		for _, name := range []string{".claude", ".git", "CLAUDE.md", "CLAUDE.local.md", ".mcp.json"} {
			if strings.EqualFold(part, name) {
				return true
			}
		}
	}
	return false
}

// staticPrefix returns the leading elements of a glob pattern that hold
// no wildcard: the folder the pattern searches.
func staticPrefix(pattern string) string {
	parts := strings.Split(pattern, string(filepath.Separator))
	for i, part := range parts {
		if strings.ContainsAny(part, "*?[{") {
			prefix := strings.Join(parts[:i], string(filepath.Separator))
			if prefix == "" {
				return string(filepath.Separator)
			}
			return prefix
		}
	}
	return pattern
}

// hasDotDot reports whether a relative pattern has a ".." element.
func hasDotDot(pattern string) bool {
	for _, part := range strings.Split(filepath.ToSlash(pattern), "/") {
		if part == ".." {
			return true
		}
	}
	return false
}
