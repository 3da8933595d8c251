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
			flag(n.line, a.Value, strings.ToLower(a.Value))
		}
		for _, r := range n.text {
			rest, line := r.s, r.line
			for more := true; more; line++ {
				var l string
				l, rest, more = strings.Cut(rest, "\n")
				if strings.TrimSpace(l) == "" {
					continue // most text between tags is indentation
				}
				// Lowered once for every pattern's quick test.
				low := strings.ToLower(l)
				flag(line, l, low)
				creds.line(line, l, low)
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
// holds text templatePhraseRE needs.
func mayHoldTemplatePhrase(s, low string) bool {
	return strings.Contains(s, "YOUR_") || strings.Contains(s, "_HERE") || strings.Contains(s, "{{") ||
		strings.Contains(s, "<") || containsAny(low, templateHints)
}

var templateHints = []string{"here", "replace", "describe", "your", "my ", "description"}

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
