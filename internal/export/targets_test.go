package export

import (
	"regexp"
	"strings"
	"testing"
)

// The EARS patterns (Mavin et al.), as the test reads them, independent
// of the exporter's own classification: ubiquitous, event-driven,
// state-driven, unwanted behaviour, optional feature, and the complex
// WHILE … WHEN ….
var earsRE = []*regexp.Regexp{
	regexp.MustCompile(`^THE \S.* SHALL \S`),
	regexp.MustCompile(`^WHEN \S.*,? THE \S.* SHALL \S`),
	regexp.MustCompile(`^WHILE \S.*,? THE \S.* SHALL \S`),
	regexp.MustCompile(`^IF \S.*,? THEN THE \S.* SHALL \S`),
	regexp.MustCompile(`^WHERE \S.*,? THE \S.* SHALL \S`),
	regexp.MustCompile(`^WHILE \S.*, WHEN \S.*,? THE \S.* SHALL \S`),
}

func matchesEARS(s string) bool {
	for _, re := range earsRE {
		if re.MatchString(s) {
			return true
		}
	}
	return false
}

func fileOf(t *testing.T, files []File, suffix string) string {
	t.Helper()
	for _, f := range files {
		if strings.HasSuffix(f.Path, suffix) {
			return string(f.Data)
		}
	}
	t.Fatalf("no file ending in %s among %d", suffix, len(files))
	return ""
}

func TestKiroRequirementsAreEARS(t *testing.T) {
	if matchesEARS("Users can sign in") || !matchesEARS("WHEN a user signs in, THE App SHALL show the home page") {
		t.Fatal("the EARS matcher itself is wrong")
	}
	for _, name := range fixtureNames() {
		s := loadSpec(t, name)
		files := render(t, s, Kiro)
		if len(files) != 3 {
			t.Fatalf("%s: %d files, want requirements, design and tasks", name, len(files))
		}
		req := fileOf(t, files, "/requirements.md")
		inCriteria, criteria, stories := false, 0, 0
		for _, line := range strings.Split(req, "\n") {
			switch {
			case strings.HasPrefix(line, "#### Acceptance Criteria"):
				inCriteria = true
			case strings.HasPrefix(line, "#"):
				inCriteria = false
			case strings.HasPrefix(line, "**User Story:** As a "):
				stories++
			case inCriteria && regexp.MustCompile(`^\d+\. `).MatchString(line):
				criteria++
				c := line[strings.Index(line, " ")+1:]
				if !matchesEARS(c) {
					t.Errorf("%s: criterion is no EARS pattern: %q", name, c)
				}
			}
		}
		if stories != s.FeatureLines() || criteria < stories {
			t.Errorf("%s: %d user stories and %d criteria for %d features", name, stories, criteria, s.FeatureLines())
		}
		for _, part := range []string{"## Overview", "## Architecture", "## Components and Interfaces", "## Data Models", "## Error Handling", "## Testing Strategy"} {
			if !strings.Contains(fileOf(t, files, "/design.md"), part) {
				t.Errorf("%s: design.md lacks %s", name, part)
			}
		}
		if !regexp.MustCompile(`(?m)^  - \[ \] \d+\.\d+ .+\n    - _Requirements: \d+\.\d+`).MatchString(fileOf(t, files, "/tasks.md")) {
			t.Errorf("%s: tasks.md has no sub-task with its requirements", name)
		}
	}
}

func TestSpecKitFollowsTheTemplate(t *testing.T) {
	for _, name := range fixtureNames() {
		s := loadSpec(t, name)
		files := render(t, s, SpecKit)
		if len(files) != 1 || !regexp.MustCompile(`^specs/001-[a-z0-9-]+/spec\.md$`).MatchString(files[0].Path) {
			t.Fatalf("%s: files %v, want specs/001-<name>/spec.md", name, files)
		}
		doc := string(files[0].Data)
		// Every top-level section of the template, in its order.
		var got []string
		for _, line := range strings.Split(doc, "\n") {
			if strings.HasPrefix(line, "## ") {
				got = append(got, strings.TrimSpace(strings.Split(strings.TrimPrefix(line, "## "), "*(")[0]))
			}
		}
		if strings.Join(got, "|") != strings.Join(SpecKitSections, "|") {
			t.Errorf("%s: sections %q, want %q", name, got, SpecKitSections)
		}
		for _, sub := range []string{"### Edge Cases", "### Functional Requirements", "### Key Entities", "### Measurable Outcomes"} {
			if !strings.Contains(doc, sub) {
				t.Errorf("%s: no %s", name, sub)
			}
		}
		for _, prefix := range []string{"FR", "SC"} {
			ids := regexp.MustCompile(`\*\*(`+prefix+`-\d{3})\*\*`).FindAllStringSubmatch(doc, -1)
			seen := map[string]bool{}
			for _, m := range ids {
				if seen[m[1]] {
					t.Errorf("%s: %s twice", name, m[1])
				}
				seen[m[1]] = true
			}
			if len(ids) == 0 {
				t.Errorf("%s: no %s- IDs", name, prefix)
			}
		}
		// Each user story has at least one Given/When/Then scenario.
		stories := regexp.MustCompile(`(?m)^### User Story \d+ - .+ \(Priority: P\d+\)$`).FindAllStringIndex(doc, -1)
		if len(stories) != len(s.Categories) {
			t.Errorf("%s: %d stories for %d categories", name, len(stories), len(s.Categories))
		}
		gwt := regexp.MustCompile(`(?m)^\d+\. \*\*Given\*\* .+, \*\*When\*\* .+, \*\*Then\*\* .+`)
		for i, st := range stories {
			end := len(doc)
			if i+1 < len(stories) {
				end = stories[i+1][0]
			} else if e := strings.Index(doc[st[0]:], "### Edge Cases"); e >= 0 {
				end = st[0] + e
			}
			if !gwt.MatchString(doc[st[0]:end]) {
				t.Errorf("%s: user story %d has no Given/When/Then", name, i+1)
			}
		}
	}
}

func TestOpenSpecLayout(t *testing.T) {
	for _, name := range fixtureNames() {
		s := loadSpec(t, name)
		files := render(t, s, OpenSpec)
		reqs := 0
		for _, f := range files {
			if !regexp.MustCompile(`^openspec/specs/[a-z0-9-]+/spec\.md$`).MatchString(f.Path) {
				t.Errorf("%s: path %s", name, f.Path)
			}
			doc := string(f.Data)
			if !strings.Contains(doc, "\n## Purpose\n") || !strings.Contains(doc, "\n## Requirements\n") {
				t.Errorf("%s: %s lacks Purpose or Requirements", name, f.Path)
			}
			for _, block := range strings.Split(doc, "\n### Requirement: ")[1:] {
				reqs++
				body := strings.SplitN(block, "\n#### Scenario:", 2)
				if len(body) < 2 || !regexp.MustCompile(`\b(SHALL|MUST)\b`).MatchString(body[0]) {
					t.Errorf("%s: requirement %q lacks SHALL/MUST or a scenario", name, strings.SplitN(block, "\n", 2)[0])
				}
			}
		}
		if reqs != s.FeatureLines() {
			t.Errorf("%s: %d requirements for %d features", name, reqs, s.FeatureLines())
		}
	}
}
