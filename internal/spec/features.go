package spec

import (
	"fmt"
	"hash/maphash"
	"regexp"
	"slices"
	"strings"
	"unicode"
)

// maxListed caps how many features one rule lists one by one; past it a
// summary line says how many more.
const maxListed = 12

// idRE is the shape of a feature ID: letters, a dash, digits (F-012).
var idRE = regexp.MustCompile(`^[A-Z][A-Z0-9]*-\d+$`)

// testable reports whether a criterion is one a tester can run:
// Given/When/Then (one part may stand alone as "When …, then …"), or
// EARS ("WHEN … THE SYSTEM SHALL …", "THE SYSTEM SHALL …", "IF … THEN …
// SHALL"), or a condition with an observable outcome ("after …, the
// list shows …"). It reads the words once, so it stays cheap on long
// lines.
func testable(s string) bool {
	has := func(w string) bool { return hasWordFold(s, w) }
	cond := has("when") || has("if") || has("after") || has("once") || has("while")
	switch {
	case has("given") && (has("when") || has("then")):
		return true
	case has("when") && has("then"):
		return true
	case has("shall"):
		return true
	case cond && (has("must") || has("should") || has("shows") || has("shown") || has("appears") || has("sees") ||
		has("receives") || has("returns") || has("displays") || has("is") || has("are")):
		return true
	}
	return false
}

// hasWordFold reports whether w, lower-case ASCII letters, stands in s as
// a whole word, ASCII letters compared without regard to case.
func hasWordFold(s, w string) bool {
	for i := 0; i+len(w) <= len(s); i++ {
		if s[i]|0x20 != w[0] || i > 0 && isLetter(s[i-1]|0x20) {
			continue
		}
		j := 1
		for j < len(w) && s[i+j]|0x20 == w[j] {
			j++
		}
		if j == len(w) && (i+j == len(s) || !isLetter(s[i+j]|0x20)) {
			return true
		}
	}
	return false
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 0x80 }

// lintFeatures checks the feature list: there is one, every category
// holds features, IDs are unique and well formed, each feature has
// criteria, none is a fragment or a repeat, and the count fits.
func (c *checker) lintFeatures(core, count *node) {
	s := c.spec
	all := c.features()
	if len(all) == 0 {
		line := 0
		if core != nil {
			line = core.line
			c.reported[core] = true
		}
		c.ps.errorf(line, `list the features in <core_features>, one element per category, each feature as <feature id="F-001" name="…">…</feature> or a "- " line`,
			"no feature list: the spec lists no features").Rule = RuleNoFeatures
		return
	}
	for i, k := range kidsOf(core) {
		if i < len(s.Categories) && len(s.Categories[i].Features) == 0 && !featureElements[k.name] {
			c.ps.warnf(k.line, `list its features as <feature> elements or "- " lines`,
				"feature category <%s> has no features", k.name).Rule = RuleFragment
			c.reported[k] = true
		}
	}
	c.lintIDs(all)
	c.lintAcceptance(all)
	c.lintFragments(all)
	c.lintDuplicates(all)
	c.lintCount(all, count)
}

// lintIDs checks feature identity: unique IDs (an error: diffs,
// provenance and the coding agent's feature list key on them), every
// feature with one once some have one, well-formed IDs, and
// dependencies on IDs that exist.
func (c *checker) lintIDs(all []Feature) {
	first := make(map[string]int, len(all)) // ID → index in all
	withID, malformed := 0, 0
	for i, f := range all {
		if f.ID == "" {
			continue
		}
		withID++
		if j, dup := first[f.ID]; dup {
			prev := all[j]
			c.ps.errorf(f.Line, "give this feature a new ID (the highest in use plus one); IDs are never reused",
				"feature ID %s is used twice (first at line %d)", f.ID, prev.Line).Rule = RuleDuplicateID
			continue
		}
		first[f.ID] = i
		if !idRE.MatchString(f.ID) {
			if malformed++; malformed <= 3 {
				c.ps.warnf(f.Line, "write IDs as a prefix, a dash and a number, e.g. F-012",
					"feature ID %q is not of the form F-012", clip(f.ID, 30)).Rule = RuleFeatureID
			}
		}
	}
	if malformed > 3 {
		c.ps.warnf(0, "write IDs as a prefix, a dash and a number, e.g. F-012",
			"%d more feature IDs are not of the form F-012", malformed-3).Rule = RuleFeatureID
	}
	if withID > 0 && withID < len(all) {
		listed := 0
		for _, f := range all {
			if f.ID != "" {
				continue
			}
			if listed++; listed <= maxListed {
				c.ps.warnf(f.Line, "give every feature an ID, e.g. <feature id=\"F-031\" name=\"…\">",
					"feature %q has no ID", clip(f.Name, 50)).Rule = RuleFeatureID
			}
		}
		if listed > maxListed {
			c.ps.warnf(0, "give every feature an ID", "%d more features have no ID", listed-maxListed).Rule = RuleFeatureID
		}
	}
	for _, f := range all {
		for _, d := range f.DependsOn {
			switch _, ok := first[d]; {
			case d == f.ID:
				c.ps.warnf(f.Line, "remove the feature from its own depends_on", "feature %s depends on itself", f.ID).Rule = RuleFeatureID
			case !ok:
				c.ps.warnf(f.Line, "name the IDs of features in this spec in depends_on",
					"feature %s depends on %s, which no feature has", orName(f), clip(d, 30)).Rule = RuleFeatureID
			}
		}
	}
}

// orName names a feature by ID, or by name when it has none.
func orName(f Feature) string {
	if f.ID != "" {
		return f.ID
	}
	return fmt.Sprintf("%q", clip(f.Name, 40))
}

// lintAcceptance wants criteria on every feature, in a testable form.
func (c *checker) lintAcceptance(all []Feature) {
	missing, vague := 0, 0
	for _, f := range all {
		if len(f.Acceptance) == 0 {
			if missing++; missing <= maxListed {
				c.ps.warnf(f.Line, "add <acceptance> with at least one \"- Given …, when …, then …\" a tester can run",
					"feature %s has no acceptance criteria", orName(f)).Rule = RuleNoAcceptance
			}
			continue
		}
		for _, a := range f.Acceptance {
			if testable(a) {
				continue
			}
			if vague++; vague <= maxListed {
				c.ps.warnf(f.Line, "write it as Given/When/Then or WHEN … THE SYSTEM SHALL …, with what the tester sees",
					"feature %s has a criterion a tester cannot run as written: %q", orName(f), clip(a, 60)).Rule = RuleNoAcceptance
			}
			break
		}
	}
	if missing > maxListed {
		c.ps.warnf(0, "give every feature acceptance criteria",
			"%d more features have no acceptance criteria (%d of %d in all)", missing-maxListed, missing, len(all)).Rule = RuleNoAcceptance
	}
	if vague > maxListed {
		c.ps.warnf(0, "write criteria as Given/When/Then or EARS",
			"%d more features have criteria not in a testable form", vague-maxListed).Rule = RuleNoAcceptance
	}
}

// lintFragments flags features too short to build or test from, and
// heading lines written as features.
func (c *checker) lintFragments(all []Feature) {
	n := 0
	for _, f := range all {
		d := strings.TrimSpace(f.Description)
		words := countWords(d, 4)
		heading := strings.HasSuffix(d, ":")
		if !heading && (words > 3 || len(f.Acceptance) > 0) {
			continue
		}
		if n++; n > maxListed {
			continue
		}
		if heading {
			c.ps.warnf(f.Line, "make the heading a category element and its items features, or write the feature out",
				"feature %q is a heading, not a feature", clip(d, 50)).Rule = RuleFragment
			continue
		}
		c.ps.warnf(f.Line, "say who does what and what they see, e.g. \"Members add a recipe with a title and ingredients\"",
			"feature %q is a fragment (%d words)", clip(d, 50), words).Rule = RuleFragment
	}
	if n > maxListed {
		c.ps.warnf(0, "write each feature as a sentence", "%d more fragmentary features", n-maxListed).Rule = RuleFragment
	}
}

// lintDuplicates flags features that say the same thing. Exact repeats
// and repeats up to word order, case, plurals and lead-ins ("Users can")
// are found by key in linear time; near repeats by word overlap, for
// lists of a size a person writes.
func (c *checker) lintDuplicates(all []Feature) {
	const maxPairwise = 400
	seed := maphash.MakeSeed()
	seen := make(map[uint64]int, len(all)) // hash of the words → index in all
	pairwise := len(all) <= maxPairwise
	sets := make([]terms, len(all))
	reported := map[int]bool{}
	n := 0
	flag := func(i int, f, prev Feature, near bool) {
		reported[i] = true
		if n++; n > maxListed {
			return
		}
		what := "repeats"
		if near {
			what = "nearly repeats"
		}
		c.ps.warnf(f.Line, fmt.Sprintf("merge it with the feature at line %d, or say how they differ", prev.Line),
			"feature %s %s %s (line %d)", orName(f), what, orName(prev), prev.Line).Rule = RuleDuplicate
	}
	hanText := make([]bool, len(all))
	backing := make(terms, 0, 8*len(all))
	low := c.lowDescriptions()
	for i, f := range all {
		start := len(backing)
		backing = appendContentWords(backing, low[i])
		words := backing[start:len(backing):len(backing)]
		sets[i] = words
		hanText[i] = hasHan(f.Description)
		if len(words) == 0 {
			continue
		}
		key := words.hash(seed)
		if j, dup := seen[key]; dup && slices.Equal(sets[j], words) {
			flag(i, f, all[j], false)
			continue
		}
		seen[key] = i
	}
	// Features that differ in the thing they act on ("the patient form
	// rejects…", "the room form rejects…") are not repeats.
	things := map[string]bool{}
	for _, t := range c.spec.Tables {
		addNameWords(things, t.Name)
	}
	for _, cat := range c.spec.Categories {
		addNameWords(things, cat.Name)
	}
	if pairwise {
		for i := range all {
			if reported[i] || len(sets[i]) < 4 {
				continue
			}
			for j := 0; j < i; j++ {
				// Character pairs overlap more loosely than words do.
				limit := 0.8
				if hanText[i] && hanText[j] {
					limit = 0.7
				}
				if len(sets[j]) >= 4 && jaccard(sets[i], sets[j]) >= limit && !differInThings(sets[i], sets[j], things) {
					flag(i, all[i], all[j], true)
					break
				}
			}
		}
	}
	if n > maxListed {
		c.ps.warnf(0, "merge repeated features", "%d more repeated features", n-maxListed).Rule = RuleDuplicate
	}
}

// isStopWord reports whether w, in lower case, carries no meaning of its
// own in a feature line. A switch, which the compiler turns into a
// search by length and value, runs on every word of every feature.
func isStopWord(w string) bool {
	switch w {
	case "a", "an", "the", "and", "or", "of", "to", "in",
		"on", "for", "with", "by", "can", "be", "is", "are",
		"user", "users", "their", "its", "it", "from", "at",
		"allow", "allows", "ability", "able", "should", "will", "may",
		"they", "them", "as", "into", "via", "all", "each":
		return true
	}
	return false
}

// terms is a set of words, sorted and without repeats, so that two sets
// compare by one merge and a set is its own key.
type terms []string

// contentWords returns the meaningful words of s, lower case, with a
// plural s dropped. Scripts written without spaces (Chinese, Japanese)
// give their characters in overlapping pairs, so that two sentences in
// them can be compared word by word too. The words share the memory of
// one lowered copy of s.
func contentWords(s string) terms { return appendContentWords(nil, s) }

// appendContentWords is contentWords that appends the set to dst, for
// callers that gather the sets of many features in one backing array.
// The set is dst[len(dst):] of the result.
func appendContentWords(dst terms, s string) terms {
	low := strings.ToLower(s)
	start := len(dst)
	out := dst
	for i := 0; i < len(low); {
		// A word: a run of ASCII letters and digits, or of other letters.
		j := i
		for j < len(low) && (low[j] >= 'a' && low[j] <= 'z' || low[j] >= '0' && low[j] <= '9' || low[j] >= 0x80) {
			j++
		}
		if j == i {
			i++
			continue
		}
		w := low[i:j]
		i = j
		if w[0] >= 0x80 && !strings.ContainsFunc(w, unicode.IsLetter) {
			continue // punctuation outside ASCII, such as "—"
		}
		if hasHan(w) {
			rs := []rune(w)
			for k := 0; k+1 < len(rs); k++ {
				out = append(out, string(rs[k:k+2]))
			}
			if len(rs) == 1 {
				out = append(out, w)
			}
			continue
		}
		if isStopWord(w) {
			continue
		}
		if len(w) > 3 && w[len(w)-1] == 's' && w[len(w)-2] != 's' {
			w = w[:len(w)-1]
		}
		out = append(out, w)
	}
	set := out[start:]
	slices.Sort(set)
	return out[:start+len(slices.Compact(set))]
}

// hash is the same for any two equal sets, and almost never for two
// that differ.
func (t terms) hash(seed maphash.Seed) uint64 {
	var h maphash.Hash
	h.SetSeed(seed)
	for _, w := range t {
		h.WriteString(w)
		h.WriteByte(0)
	}
	return h.Sum64()
}

// shared counts the words both sets hold.
func (t terms) shared(u terms) int {
	n := 0
	for i, j := 0, 0; i < len(t) && j < len(u); {
		switch c := strings.Compare(t[i], u[j]); {
		case c == 0:
			n++
			i++
			j++
		case c < 0:
			i++
		default:
			j++
		}
	}
	return n
}

// hasHan reports whether s holds a character of a script written
// without spaces between words.
func hasHan(s string) bool {
	ascii := true
	for i := 0; i < len(s) && ascii; i++ {
		ascii = s[i] < 0x80
	}
	if ascii {
		return false
	}
	for _, r := range s {
		if unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana) {
			return true
		}
	}
	return false
}

// differInThings reports whether a word that one set has and the other
// lacks names a thing of the spec (a table or a category).
func differInThings(a, b terms, things map[string]bool) bool {
	for i, j := 0, 0; i < len(a) || j < len(b); {
		var w string
		switch {
		case j == len(b) || i < len(a) && a[i] < b[j]:
			w = a[i]
			i++
		case i == len(a) || b[j] < a[i]:
			w = b[j]
			j++
		default:
			i++
			j++
			continue
		}
		if things[stem(w)] {
			return true
		}
	}
	return false
}

func jaccard(a, b terms) float64 {
	inter := a.shared(b)
	union := len(a) + len(b) - inter
	if union == 0 {
		return 0
	}
	return float64(inter) / float64(union)
}

// lintCount checks the agreed count against the features listed. In the
// version 2 form every feature is one feature of the count, so they must
// be equal; in the reference's plain form a line often becomes several
// testable features, so only implausible counts are flagged.
func (c *checker) lintCount(all []Feature, count *node) {
	n := c.spec.FeatureCount
	if count == nil || n == 0 {
		return
	}
	listed, withID := len(all), 0
	for _, f := range all {
		if f.ID != "" {
			withID++
		}
	}
	switch {
	case withID == listed && n != listed:
		c.ps.errorf(count.line, fmt.Sprintf("set <feature_count>%d</feature_count>, or add or remove features so that they agree", listed),
			"feature_count is %d but %d features are listed", n, listed).Rule = RuleCountMismatch
	case n < listed:
		c.ps.warnf(count.line, fmt.Sprintf("raise feature_count to at least %d, or merge features", listed),
			"feature_count is %d but core_features lists %d features", n, listed).Rule = RuleCountMismatch
	case n > 10*listed:
		c.ps.warnf(count.line, "list the features in core_features, or lower feature_count",
			"feature_count is %d, more than ten times the %d features listed", n, listed).Rule = RuleCountMismatch
	}
}

// kidsOf returns n's children, or none when n is nil.
func kidsOf(n *node) []*node {
	if n == nil {
		return nil
	}
	return n.kids
}
