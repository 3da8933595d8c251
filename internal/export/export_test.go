package export

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestRenderIsDeterministic(t *testing.T) {
	for _, name := range fixtureNames() {
		for _, f := range Formats() {
			a := render(t, loadSpec(t, name), f)
			b := render(t, loadSpec(t, name), f)
			if len(a) != len(b) {
				t.Fatalf("%s/%s: %d files, then %d", name, f, len(a), len(b))
			}
			for i := range a {
				if a[i].Path != b[i].Path || !bytes.Equal(a[i].Data, b[i].Data) {
					t.Errorf("%s/%s: %s differs between two runs", name, f, a[i].Path)
				}
				if !utf8.Valid(a[i].Data) || strings.Contains(a[i].Path, "..") || strings.HasPrefix(a[i].Path, "/") {
					t.Errorf("%s/%s: bad file %q", name, f, a[i].Path)
				}
			}
			if f.Folder() != (f == SpecKit || f == Kiro || f == OpenSpec) {
				t.Errorf("%s: Folder() wrong", f)
			}
		}
	}
}

func TestParseFormat(t *testing.T) {
	for _, f := range Formats() {
		if g, err := ParseFormat(string(f)); err != nil || g != f {
			t.Errorf("ParseFormat(%q) = %q, %v", f, g, err)
		}
	}
	if _, err := ParseFormat("docx"); err == nil || !strings.Contains(err.Error(), "openspec") {
		t.Errorf("unknown format: err %v should list the known ones", err)
	}
}

func TestPlainFeaturesGetPositionalIDsAndSteps(t *testing.T) {
	s := loadSpec(t, "tidy")
	list := FeatureListOf(s)
	if len(list.Features) != 30 {
		t.Fatalf("%d features, want 30", len(list.Features))
	}
	if got := list.Features[0].ID; got != "P-001" {
		t.Errorf("first ID %q, want P-001 (derived from position)", got)
	}
	if !strings.Contains(strings.Join(list.Assumptions, " "), "P-NNN from its position") {
		t.Errorf("assumptions %q do not say the IDs were derived", list.Assumptions)
	}
	for _, f := range list.Features {
		if len(f.Steps) == 0 || !strings.Contains(strings.Join(f.Steps, " "), strings.TrimSuffix(f.Description, ".")) {
			t.Errorf("%s: steps %q are not derived from the description %q", f.ID, f.Steps, f.Description)
		}
	}
	md := string(render(t, s, Markdown)[0].Data)
	if !strings.Contains(md, "<!-- specwright: assumed:") {
		t.Error("markdown export does not say what it assumed")
	}
}

func TestMessySpecIsOrderedAndNoted(t *testing.T) {
	list := FeatureListOf(loadSpec(t, "loop"))
	ids := map[string]bool{}
	for _, f := range list.Features {
		if ids[f.ID] {
			t.Errorf("ID %s twice", f.ID)
		}
		ids[f.ID] = true
	}
	if len(list.Features) != 5 {
		t.Fatalf("%d features, want 5", len(list.Features))
	}
	// "setup" counts as infrastructure, so its features come first, and
	// the repeated A-2 (which depends on A-3) gets a positional ID.
	if list.Features[0].Category != "setup" || list.Features[1].Category != "setup" {
		t.Errorf("first features %s, %s: want the setup category first", list.Features[0].ID, list.Features[1].ID)
	}
	if list.Features[2].ID != "P-003" || list.Features[2].DependsOn[0] != "A-3" {
		t.Errorf("third feature %+v: want the repeated A-2 as P-003, after A-3", list.Features[2])
	}
	all := strings.Join(list.Assumptions, "\n")
	for _, want := range []string{"cycle", "repeat an ID", "no ID in the spec"} {
		if !strings.Contains(all, want) {
			t.Errorf("assumptions do not mention %q:\n%s", want, all)
		}
	}
}
