package spec

import (
	"regexp"
	"strings"
)

// Placeholder is the initializer template's stand-in for the feature
// count. It must equal prompt.Placeholder; this package keeps its own copy
// so that it depends on the standard library alone.
const Placeholder = "[FEATURE_COUNT]"

// maxPlaceholderProblems caps placeholder warnings: past a handful the
// file is a template that was never filled in, and a list adds nothing.
const maxPlaceholderProblems = 20

var (
	// placeholderBracketRE matches bracketed template slots: [FEATURE_COUNT],
	// [category_name], [table], [...], [Your app name]. Lower-case slots
	// must look like the template's, so annotations such as
	// [auth_required] pass; and the bracket must not follow a word, so
	// parameters such as user[first_name] pass too.
	placeholderBracketRE = regexp.MustCompile(`(?:^|[^\w\]])(\[(?:[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+|(?:[a-z]+_)+(?:name|here|description|count|value)|category|table|NAME|TBD|TODO|PLACEHOLDER|[A-Z]{2,}(?: [A-Z]{2,})+|(?i:insert|fill in|describe|your|edit|enter|add|replace)\s[^\]\n]{0,60})\])`)
	// placeholderWordRE matches notes left for later. TODO counts only as
	// "TODO:" or at the end of a line, since a todo app's spec may well
	// speak of TODO items.
	placeholderWordRE = regexp.MustCompile(`\b(TBD|FIXME)\b|\b(TODO)\s*(?::|$)|(?i:\b(lorem ipsum)\b)`)
	// templatePhraseRE matches the instructions of a template left in
	// place of the text they ask for.
	templatePhraseRE = regexp.MustCompile(`<(?i:your|path-to-your|insert|enter)[-_ ][^>]{0,60}>|\b(YOUR_[A-Z][A-Z0-9_]+|[A-Z]+(?:_[A-Z]+)*_HERE)\b|\{\{\s*[A-Z][A-Z0-9_]*\s*\}\}|(?i:^\s*(?:[-*•]\s+|\d+[.)]\s+)?(replace (?:this )?with\b.*|describe (?:your|the) (?:project|app|application|product)\b.*|(?:your|my) (?:project|app|application)(?:'s)? (?:name|description|overview)(?: here)?\b.*|insert\b.{0,40}\bhere\b|(?:add|enter|write|put) (?:your|the) .{0,40} here\b|(?:feature|category|table|endpoint) (?:name|description) here\b|list (?:your|the) features here\b|(?:a )?(?:detailed |brief |short )?description of (?:the |this |your )?(?:feature|project|app|application|category|table|endpoint)s?\s*\.?\s*$))`)
)

// lintPlaceholders reports template text left in the spec, once per
// line, and in the same pass over the lines, credentials written out.
func (c *checker) lintPlaceholders(root *node) {
	count, seen := 0, map[int]bool{}
	flag := func(line int, s, low string) {
		what, slot := findPlaceholderLow(s, low)
		if what == "" || seen[line] {
			return
		}
		seen[line] = true
		count++
		if count > maxPlaceholderProblems {
			return
		}
		if slot {
			c.ps.errorf(line, "replace it with what the interview settled", "placeholder text left: %q", clip(what, 60)).Rule = RulePlaceholder
			return
		}
		c.ps.warnf(line, "settle it, or say what is left open and who decides", "unfinished text left: %q", what).Rule = RulePlaceholder
	}
	creds := &credentials{c: c}
	root.walk(func(n *node) {
		if n.name == "feature_count" {
			return // an invalid count is already an error
		}
		for _, a := range n.attrs {
			if low := lowerASCII(a.Value); holdsLineMark(a.Value, low) || templateStart(low) {
				flag(n.line, a.Value, low)
			}
		}
		for _, r := range n.text {
			// Lowered once for every pattern's quick test, line by line
			// below: the ASCII lowering keeps every byte in its place.
			rest, lowRest, line := r.s, lowerASCII(r.s), r.line
			// Most text holds none of the marks the line checks need:
			// one look at the whole run then spares every line but the
			// test of how it starts.
			marked := holdsLineMark(rest, lowRest)
			for more := true; more; line++ {
				var l, low string
				l, rest, more = strings.Cut(rest, "\n")
				low, lowRest = lowRest[:len(l)], lowRest[min(len(l)+1, len(lowRest)):]
				if strings.TrimSpace(l) == "" || !marked && !templateStart(low) {
					continue // most text between tags is indentation
				}
				flag(line, l, low)
				if marked {
					creds.line(line, l, low)
				}
			}
		}
	})
	if count > maxPlaceholderProblems {
		c.ps.errorf(0, "fill in every placeholder of the template",
			"%d more lines with placeholder text not listed", count-maxPlaceholderProblems).Rule = RulePlaceholder
	}
}

// findPlaceholderLow returns the first placeholder in s (given also in
// lower case), or "", and
// whether it is a template's slot (an error) rather than a note left for
// later (a warning). It runs on every line of the spec, so each pattern
// runs only on lines holding the text it cannot match without.
func findPlaceholderLow(s, low string) (string, bool) {
	if strings.IndexByte(s, '[') >= 0 {
		if m := placeholderBracketRE.FindStringSubmatch(s); m != nil {
			return m[1], true
		}
	}
	if mayHoldTemplatePhrase(s, low) {
		if m := templatePhraseRE.FindString(s); m != "" {
			return strings.TrimSpace(m), true
		}
	}
	if !mayHoldPlaceholderWord(s, low) {
		return "", false
	}
	if m := placeholderWordRE.FindStringSubmatch(s); m != nil {
		for _, g := range m[1:] {
			if g != "" {
				return g, false
			}
		}
	}
	return "", false
}

// mayHoldTemplatePhrase reports whether s, given also in lower case,
// holds text templatePhraseRE needs: one of its marks anywhere, or, at
// the start of the line after an optional list marker, the first word of
// one of its phrases.
func mayHoldTemplatePhrase(s, low string) bool {
	return strings.IndexByte(s, '<') >= 0 || strings.Contains(s, "YOUR_") || strings.Contains(s, "_HERE") ||
		strings.Contains(s, "{{") || templateStart(low)
}

// templateStart reports whether a line, in lower case, starts with the
// first word of one of templatePhraseRE's line phrases, after an
// optional list marker.
func templateStart(low string) bool {
	low = strings.TrimLeft(low, " \t\r\f")
	if low == "" {
		return false
	}
	if startsWithAny(low, templateStarts) {
		return true
	}
	// After a list marker: "- ", "* ", "• ", "1. ", "2) ".
	rest := strings.TrimLeft(low, "0123456789")
	switch {
	case len(rest) < len(low) && rest != "" && (rest[0] == '.' || rest[0] == ')'):
		rest = rest[1:]
	case strings.HasPrefix(low, "•"):
		rest = low[len("•"):]
	case low[0] == '-' || low[0] == '*':
		rest = low[1:]
	default:
		return false
	}
	if t := strings.TrimLeft(rest, " \t\r\f"); len(t) < len(rest) {
		return startsWithAny(t, templateStarts)
	}
	return false
}

// holdsLineMark reports whether s, given also in lower case, holds any
// text without which neither a placeholder (but for a template phrase at
// the start of a line) nor a credential can be found in it. It looks for
// less than the checks need, each mark in as few passes as it takes:
// '_' stands for YOUR_, _HERE and ghp_, '{' for {{, "passw" for password
// and passwd, "xox" for Slack's two prefixes.
func holdsLineMark(s, low string) bool {
	if strings.IndexByte(s, '[') >= 0 || strings.IndexByte(s, '<') >= 0 || strings.IndexByte(s, '{') >= 0 ||
		strings.IndexByte(s, '_') >= 0 || mayHoldPlaceholderWord(s, low) {
		return true
	}
	return containsAny(low, lineMarks)
}

// lineMarks are the lower-case marks of keys and secrets for
// holdsLineMark.
var lineMarks = []string{"key", "token", "secret", "passw", "pwd", "sk-", "akia", "aiza", "xox"}

// templateStarts are the words templatePhraseRE's line phrases begin
// with, in lower case.
var templateStarts = []string{"replace ", "describe your ", "describe the ", "your p", "your a", "my p", "my a", "insert",
	"add your ", "add the ", "enter your ", "enter the ", "write your ", "write the ", "put your ", "put the ",
	"feature name", "feature desc", "category name", "category desc", "table name", "table desc", "endpoint name", "endpoint desc",
	"list your ", "list the ", "a description", "a detailed ", "a brief ", "a short ", "detailed desc", "brief desc", "short desc", "description of"}

// startsWithAny reports whether s starts with one of prefixes, none of
// them empty.
func startsWithAny(s string, prefixes []string) bool {
	if s == "" {
		return false
	}
	for _, p := range prefixes {
		if p[0] == s[0] && strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// mayHoldPlaceholderWord reports whether s holds text that
// placeholderWordRE needs: TBD, FIXME or TODO as written, or "lorem" in
// any case.
func mayHoldPlaceholderWord(s, low string) bool {
	return strings.Contains(s, "TBD") || strings.Contains(s, "FIXME") || strings.Contains(s, "TODO") ||
		strings.Contains(low, "lorem")
}

// containsFoldASCII reports whether s contains sub, a lower-case ASCII
// word, with ASCII letters compared without regard to case.
func containsFoldASCII(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		j := 0
		for j < len(sub) && s[i+j]|0x20 == sub[j] {
			j++
		}
		if j == len(sub) {
			return true
		}
	}
	return false
}

// lowerASCII returns s with the ASCII letters in lower case and every
// other byte as it is, so that a position in s is the same position in
// the result. It copies only when s holds an upper-case ASCII letter.
func lowerASCII(s string) string {
	i := 0
	for i < len(s) && (s[i] < 'A' || s[i] > 'Z') {
		i++
	}
	if i == len(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	b.WriteString(s[:i])
	for ; i < len(s); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		b.WriteByte(c)
	}
	return b.String()
}
