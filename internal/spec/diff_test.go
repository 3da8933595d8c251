package spec

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// apply rebuilds both texts from a full edit script.
func apply(ops []LineOp) (a, b []string) {
	for _, op := range ops {
		if op.Op != "+" {
			a = append(a, op.Text)
		}
		if op.Op != "-" {
			b = append(b, op.Text)
		}
	}
	return a, b
}

func edits(ops []LineOp) int {
	n := 0
	for _, op := range ops {
		if op.Op != " " {
			n++
		}
	}
	return n
}

// lcs is the textbook dynamic programme, to check that the line diff is
// minimal.
func lcs(a, b []string) int {
	t := make([][]int, len(a)+1)
	for i := range t {
		t[i] = make([]int, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				t[i][j] = t[i+1][j+1] + 1
			} else {
				t[i][j] = max(t[i+1][j], t[i][j+1])
			}
		}
	}
	return t[0][0]
}

func TestLineOpsRebuildBothTextsMinimally(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for range 500 {
		gen := func() []string {
			out := make([]string, r.IntN(12))
			for i := range out {
				out[i] = string(rune('a' + r.IntN(4)))
			}
			return out
		}
		a, b := gen(), gen()
		ops := lineOps(a, b)
		ga, gb := apply(ops)
		if !slices.Equal(ga, a) || !slices.Equal(gb, b) {
			t.Fatalf("%q → %q: script rebuilds %q → %q", a, b, ga, gb)
		}
		if want := len(a) + len(b) - 2*lcs(a, b); edits(ops) != want {
			t.Fatalf("%q → %q: %d edits, the minimum is %d", a, b, edits(ops), want)
		}
	}
}

func TestLineDiffHunksKeepTwoLinesOfContext(t *testing.T) {
	var a []string
	for i := 1; i <= 20; i++ {
		a = append(a, fmt.Sprint(i))
	}
	b := slices.Clone(a)
	b[2] = "three"               // line 3
	b = slices.Delete(b, 15, 16) // line 16 removed
	h := LineDiff(a, b)
	if len(h) != 2 {
		t.Fatalf("got %d hunks, want 2: %+v", len(h), h)
	}
	if h[0].OldLine != 1 || len(h[0].Lines) != 6 || h[0].Lines[2] != (LineOp{"-", "3"}) || h[0].Lines[3] != (LineOp{"+", "three"}) {
		t.Errorf("first hunk = %+v", h[0])
	}
	if h[1].OldLine != 14 || h[1].NewLine != 14 || len(h[1].Lines) != 5 || h[1].Lines[2] != (LineOp{"-", "16"}) {
		t.Errorf("second hunk = %+v", h[1])
	}
	if LineDiff(a, a) != nil {
		t.Error("equal texts have hunks")
	}
}

func TestLineDiffOfUnrelatedTextsIsBounded(t *testing.T) {
	var a, b []string
	for i := range 5000 {
		a = append(a, fmt.Sprint("a", i))
		b = append(b, fmt.Sprint("b", i))
	}
	ops := lineOps(a, b)
	if ga, gb := apply(ops); !slices.Equal(ga, a) || !slices.Equal(gb, b) {
		t.Fatal("the fallback does not rebuild the texts")
	}
	if edits(ops) != 10000 {
		t.Errorf("%d edits, want every line replaced", edits(ops))
	}
}

// recipes is a small spec in the version 2 form.
func recipes() *Spec {
	return &Spec{
		ProjectName:  "Recipe box",
		Overview:     "Keep family recipes.",
		FeatureCount: 4,
		Stack:        []Section{{Name: "frontend", Sections: []Section{{Name: "framework", Lines: []string{"React 18"}}}}},
		Security: Security{Roles: []Role{
			{Name: "member", Permissions: []string{"Add recipes"}, ProtectedRoutes: []string{"/recipes/new"}},
			{Name: "guest", Permissions: []string{"Read recipes"}},
		}},
		Categories: []Category{
			{Name: "recipes", Features: []Feature{
				{ID: "F-001", Name: "Add a recipe", Description: "Members add a recipe with a title and ingredients.", Acceptance: []string{"Given a member, when they save, then the recipe is listed."}},
				{ID: "F-002", Name: "Edit a recipe", Description: "Members edit their own recipes.", DependsOn: []string{"F-001"}},
			}},
			{Name: "search", Features: []Feature{
				{ID: "F-003", Name: "Search by title", Description: "Anyone finds recipes by words of the title."},
				{ID: "F-004", Name: "Filter by tag", Description: "Anyone narrows the list to one tag."},
			}},
		},
		Tables: []Table{
			{Name: "recipes", Fields: []Field{{Name: "id", Type: "integer"}, {Name: "title", Type: "text", Required: true}}},
			{Name: "tags", Fields: []Field{{Name: "id", Type: "integer"}}},
		},
		APIAreas: []APIArea{{Name: "recipes", Endpoints: []Endpoint{
			{Method: "GET", Path: "/api/recipes", Description: "list"},
			{Method: "POST", Path: "/api/recipes", Description: "create"},
		}}},
		Steps: []Step{{Number: 1, Title: "Set up", Tasks: []string{"Create the project"}}},
	}
}

func ids(refs []FeatureRef) []string {
	var out []string
	for _, r := range refs {
		out = append(out, r.ID+r.Name)
	}
	return out
}

func TestCompareFeaturesByID(t *testing.T) {
	a, b := recipes(), recipes()
	// Add, change (acceptance and dependencies), remove, rename.
	b.Categories[0].Features = append(b.Categories[0].Features,
		Feature{ID: "F-005", Name: "Share a recipe", Description: "Members share a recipe by link."})
	b.Categories[0].Features[0].Acceptance = append(b.Categories[0].Features[0].Acceptance, "Given a title over 200 characters, when saved, then it is refused.")
	b.Categories[0].Features[1].DependsOn = []string{"F-001", "F-005"}
	b.Categories[1].Features = b.Categories[1].Features[:1] // F-004 removed
	b.Categories[1].Features[0].Name = "Search by title or ingredient"
	b.FeatureCount = 4

	d := Compare(a, b)
	if got := ids(d.Features.Added); !slices.Equal(got, []string{"F-005Share a recipe"}) {
		t.Errorf("added = %q", got)
	}
	if got := ids(d.Features.Removed); !slices.Equal(got, []string{"F-004Filter by tag"}) {
		t.Errorf("removed = %q", got)
	}
	var changed []string
	for _, c := range d.Features.Changed {
		changed = append(changed, c.ID+":"+strings.Join(c.Fields, ",")+":"+c.MatchedBy)
	}
	want := []string{"F-001:acceptance:id", "F-002:depends_on:id", "F-003:name:id"}
	if !slices.Equal(changed, want) {
		t.Errorf("changed = %q, want %q", changed, want)
	}
	if d.FeaturesBefore != 4 || d.FeaturesAfter != 4 {
		t.Errorf("features %d → %d", d.FeaturesBefore, d.FeaturesAfter)
	}
	if s := d.Summary(); s != "+1 feature, 3 changed, 1 removed; feature count 4" {
		t.Errorf("summary = %q", s)
	}
	if !Compare(a, recipes()).Empty() {
		t.Errorf("equal specs differ: %+v", Compare(a, recipes()))
	}
}

func TestCompareDoesNotPairDifferentIDs(t *testing.T) {
	a, b := recipes(), recipes()
	// Same words, new ID: one removed, one added, never "changed".
	b.Categories[1].Features[1].ID = "F-009"
	d := Compare(a, b)
	if len(d.Features.Changed) != 0 || len(d.Features.Added) != 1 || len(d.Features.Removed) != 1 {
		t.Errorf("diff = %+v", d.Features)
	}
}

func TestCompareCategoriesRenamedAndMoved(t *testing.T) {
	a, b := recipes(), recipes()
	b.Categories[1].Name = "finding"
	moved := b.Categories[0].Features[1]
	b.Categories[0].Features = b.Categories[0].Features[:1]
	b.Categories[1].Features = append(b.Categories[1].Features, moved)
	d := Compare(a, b)
	if !slices.Equal(d.Categories.Renamed, []Rename{{"search", "finding"}}) || len(d.Categories.Added)+len(d.Categories.Removed) != 0 {
		t.Errorf("categories = %+v", d.Categories)
	}
	// The renamed category's own features did not change; the moved one did.
	if len(d.Features.Changed) != 1 || d.Features.Changed[0].ID != "F-002" || !slices.Equal(d.Features.Changed[0].Fields, []string{"category"}) ||
		d.Features.Changed[0].CategoryBefore != "recipes" || d.Features.Changed[0].Category != "finding" {
		t.Errorf("changed = %+v", d.Features.Changed)
	}
}

// plain turns the spec into the reference's plain form: no IDs, the
// whole line as name and description.
func plain(s *Spec) *Spec {
	for i := range s.Categories {
		for j := range s.Categories[i].Features {
			f := &s.Categories[i].Features[j]
			*f = Feature{Name: f.Description, Description: f.Description}
		}
	}
	return s
}

func TestCompareWithoutIDsMatchesByNameThenContent(t *testing.T) {
	a, b := plain(recipes()), plain(recipes())
	// Reworded: most words kept.
	b.Categories[0].Features[0] = Feature{Name: "Members add a recipe with a title, ingredients and a photo.", Description: "Members add a recipe with a title, ingredients and a photo."}
	// Replaced by something else entirely.
	b.Categories[1].Features[1] = Feature{Name: "Print a shopping list.", Description: "Print a shopping list."}
	d := Compare(a, b)
	if len(d.Features.Changed) != 1 || d.Features.Changed[0].MatchedBy != "content" || !strings.Contains(d.Features.Changed[0].Name, "photo") {
		t.Errorf("changed = %+v", d.Features.Changed)
	}
	if got := ids(d.Features.Added); !slices.Equal(got, []string{"Print a shopping list."}) {
		t.Errorf("added = %q", got)
	}
	if got := ids(d.Features.Removed); !slices.Equal(got, []string{"Anyone narrows the list to one tag."}) {
		t.Errorf("removed = %q", got)
	}
	// Reordered lines are not changes.
	c := plain(recipes())
	c.Categories[0].Features[0], c.Categories[0].Features[1] = c.Categories[0].Features[1], c.Categories[0].Features[0]
	if d := Compare(a, c); len(d.Features.Changed)+len(d.Features.Added)+len(d.Features.Removed) != 0 {
		t.Errorf("reordering changed features: %+v", d.Features)
	}
}

func TestCompareTablesEndpointsRolesStack(t *testing.T) {
	a, b := recipes(), recipes()
	b.Tables[0].Fields[1].Type = "varchar(200)"
	b.Tables[0].Fields = append(b.Tables[0].Fields, Field{Name: "photo", Type: "text"})
	b.Tables = append(b.Tables[:1], Table{Name: "shares", Fields: []Field{{Name: "token"}}})
	b.APIAreas[0].Endpoints[0].Description = "list, newest first"
	b.APIAreas[0].Endpoints = append(b.APIAreas[0].Endpoints[:1], Endpoint{Method: "DELETE", Path: "/api/recipes/{id}"})
	b.Security.Roles[0].Permissions = []string{"Add recipes", "Share recipes"}
	b.Security.Roles = append(b.Security.Roles[:1], Role{Name: "admin"})
	b.Stack[0].Sections[0].Lines = []string{"Preact 10"}
	b.Overview = "Keep and share family recipes."

	d := Compare(a, b)
	if !slices.Equal(d.Tables.Added, []string{"shares"}) || !slices.Equal(d.Tables.Removed, []string{"tags"}) || len(d.Tables.Changed) != 1 {
		t.Fatalf("tables = %+v", d.Tables)
	}
	tc := d.Tables.Changed[0]
	if !slices.Equal(tc.Added, []string{"photo"}) || len(tc.Changed) != 1 || tc.Changed[0].Name != "title" || !strings.Contains(tc.Changed[0].After, "varchar(200)") {
		t.Errorf("table change = %+v", tc)
	}
	if !slices.Equal(d.Endpoints.Added, []string{"DELETE /api/recipes/{id}"}) || !slices.Equal(d.Endpoints.Removed, []string{"POST /api/recipes"}) ||
		len(d.Endpoints.Changed) != 1 || d.Endpoints.Changed[0].After != "list, newest first" {
		t.Errorf("endpoints = %+v", d.Endpoints)
	}
	if !slices.Equal(d.Roles.Added, []string{"admin"}) || !slices.Equal(d.Roles.Removed, []string{"guest"}) ||
		len(d.Roles.Changed) != 1 || !slices.Equal(d.Roles.Changed[0].PermissionsAdded, []string{"Share recipes"}) {
		t.Errorf("roles = %+v", d.Roles)
	}
	if len(d.Stack) != 1 || d.Stack[0] != (TextChange{"frontend/framework", "React 18", "Preact 10"}) {
		t.Errorf("stack = %+v", d.Stack)
	}
	if len(d.Sections) != 1 || d.Sections[0].Name != "overview" {
		t.Errorf("sections = %+v", d.Sections)
	}
	if s := d.Summary(); !strings.Contains(s, "also changed: 3 tables, 3 endpoints, 3 roles, 1 stack entry, 1 other section") {
		t.Errorf("summary = %q", s)
	}
}

// TestCompareParsedFiles runs the comparison on files as written, through
// Parse, and checks the JSON shape a client reads.
func TestCompareParsedFiles(t *testing.T) {
	a, b := recipes(), recipes()
	b.Categories[1].Features = append(b.Categories[1].Features, Feature{ID: "F-006", Name: "Search by cook", Description: "Anyone finds the recipes of one cook."})
	b.FeatureCount = 5
	pa, _ := Parse(Format(a))
	pb, _ := Parse(Format(b))
	if pa == nil || pb == nil {
		t.Fatal("the formatted specs do not parse")
	}
	d := Compare(pa, pb)
	if got := ids(d.Features.Added); !slices.Equal(got, []string{"F-006Search by cook"}) || len(d.Features.Changed)+len(d.Features.Removed) != 0 {
		t.Fatalf("features = %+v", d.Features)
	}
	if d.Summary() != "+1 feature; feature count 4 → 5" {
		t.Errorf("summary = %q", d.Summary())
	}
	body, err := json.Marshal(Compare(nil, nil))
	if err != nil || strings.Contains(string(body), "null") {
		t.Errorf("empty diff JSON = %s, %v", body, err)
	}
}

func TestCompareFilesReportsWhatTheModelDoesNotCover(t *testing.T) {
	spec := Format(recipes())
	d := CompareFiles(spec, []byte("Build 4 features.\n"), spec, []byte("Build 4 features.\nStart with F-001.\n"))
	if len(d.Files) != 1 || d.Files[0].Name != "initializer_prompt.md" || d.Files[0].Hunks[0].Lines[1] != (LineOp{"+", "Start with F-001."}) {
		t.Errorf("files = %+v", d.Files)
	}
	if !strings.HasSuffix(d.Summary(), "also changed: initializer_prompt.md") {
		t.Errorf("summary = %q", d.Summary())
	}
	broken := CompareFiles([]byte("not a spec\nat all"), nil, []byte("not a spec\nany more"), nil)
	if len(broken.Files) != 1 || broken.Files[0].Name != "app_spec.txt" {
		t.Errorf("unparsed files = %+v", broken.Files)
	}
	if !CompareFiles(spec, nil, spec, nil).Empty() {
		t.Error("equal files differ")
	}
}

func TestTraceLinksEachFeatureToItsPredecessor(t *testing.T) {
	a, b := recipes(), recipes()
	b.Categories[0].Features[1].Description = "Members edit any recipe they wrote."
	b.Categories[1].Features = append([]Feature{{ID: "F-007", Name: "Random recipe", Description: "Anyone gets a random recipe."}}, b.Categories[1].Features[1:]...)
	got := Trace(a, b)
	want := []Link{{0, false}, {1, true}, {-1, false}, {3, false}}
	if !slices.Equal(got, want) {
		t.Errorf("trace = %v, want %v", got, want)
	}
	if got := Trace(nil, a); len(got) != 4 || got[0].From != -1 {
		t.Errorf("trace from nothing = %v", got)
	}
}
