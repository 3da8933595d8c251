package guided

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestActivity(t *testing.T) {
	tests := []struct {
		line       string
		kind       verbKind
		one, many  string
		slug       string
		noThingSet bool
	}{
		{line: "add an expense", kind: verbManage, one: "expense", many: "expenses", slug: "expenses"},
		{line: "Track expenses by category", kind: verbManage, one: "expense", many: "expenses", slug: "expenses"},
		{line: "set a monthly budget", kind: verbManage, one: "monthly budget", many: "monthly budgets", slug: "monthly_budgets"},
		{line: "users can create new categories", kind: verbManage, one: "category", many: "categories", slug: "categories"},
		{line: "I want to write blog posts", kind: verbManage, one: "blog post", many: "blog posts", slug: "blog_posts"},
		{line: "Receptionists book appointments for patients", kind: verbManage, one: "appointment", many: "appointments", slug: "appointments"},
		{line: "browse movies", kind: verbView, one: "movie", many: "movies", slug: "movies"},
		{line: "upload boxes", kind: verbManage, one: "box", many: "boxes", slug: "boxes"},
		{line: "log data", kind: verbManage, one: "data entry", many: "data entries", slug: "data"},
		{line: "see spending by category", kind: verbView, noThingSet: true},
		{line: "log in", kind: verbManage, noThingSet: true},
		{line: "chat with friends", kind: verbOther, noThingSet: true},
		{line: "add 🎉", kind: verbOther, noThingSet: true},
		{line: "", kind: verbOther, noThingSet: true},
	}
	for _, tt := range tests {
		kind, th, ok := activity(tt.line)
		if ok == tt.noThingSet || kind != tt.kind {
			t.Errorf("activity(%q) = %v, %+v, %v", tt.line, kind, th, ok)
			continue
		}
		if ok && (th.one != tt.one || th.many != tt.many || th.slug != tt.slug) {
			t.Errorf("activity(%q) thing = %+v, want %s/%s/%s", tt.line, th, tt.one, tt.many, tt.slug)
		}
	}
}

func TestSingularPlural(t *testing.T) {
	for _, pair := range [][2]string{
		{"expense", "expenses"}, {"category", "categories"}, {"box", "boxes"}, {"class", "classes"},
		{"day", "days"}, {"person", "people"}, {"movie", "movies"}, {"status", "statuses"},
		{"church", "churches"}, {"series", "series"}, {"data", "data"},
	} {
		if got := plural(pair[0]); got != pair[1] {
			t.Errorf("plural(%q) = %q, want %q", pair[0], got, pair[1])
		}
		if got := singular(pair[1]); got != pair[0] {
			t.Errorf("singular(%q) = %q, want %q", pair[1], got, pair[0])
		}
	}
}

func TestSlug(t *testing.T) {
	for in, want := range map[string]string{
		"Monthly Budgets": "monthly_budgets",
		"  to-do items ":  "to_do_items",
		"2024 reports":    "reports",
		"café orders":     "caf_orders",
		"🎉":               "",
		"xml files":       "data_xml_files",
	} {
		if got := slug(in); got != want {
			t.Errorf("slug(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestClip(t *testing.T) {
	long := strings.Repeat("word ", 100)
	got := clip(long, 50)
	if n := utf8.RuneCountInString(got); n > 50 || !strings.HasSuffix(got, "…") {
		t.Errorf("clip gave %d runes: %q", n, got)
	}
	if got := clip(strings.Repeat("é", 10), 5); utf8.RuneCountInString(got) != 5 || !utf8.ValidString(got) {
		t.Errorf("clip cut a rune: %q", got)
	}
	if got := clip("short", 50); got != "short" {
		t.Errorf("clip changed a short text: %q", got)
	}
}

func TestChunks(t *testing.T) {
	for _, s := range []string{"", "one", "a b c d e f g h i j k l m n o p q r", "  lead\n\ntrail  ", "é ü 🎉 x"} {
		cs := chunks(s, 3)
		if strings.Join(cs, "") != s {
			t.Errorf("chunks(%q) = %q: does not join back", s, cs)
		}
		for _, c := range cs {
			if len(strings.Fields(c)) > 3 {
				t.Errorf("chunk %q has more than 3 words", c)
			}
		}
	}
}

func TestRequirement(t *testing.T) {
	for in, want := range map[string]string{
		"please add CSV export":                 "Add CSV export",
		"I'd also like a yearly summary email":  "A yearly summary email",
		"I’d like dark charts, please":          "Dark charts",
		"Can you show totals per month?":        "Show totals per month",
		"Budgets can be shared with a partner.": "Budgets can be shared with a partner",
		"and also, we need an audit trail":      "An audit trail",
	} {
		if got := requirement(in); got != want {
			t.Errorf("requirement(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]bool{
		"How many features are there?": true,
		"what's next?":                 true,
		"Can you add search?":          false,
		"add search":                   false,
	} {
		if got := isQuestion(in); got != want {
			t.Errorf("isQuestion(%q) = %v", in, got)
		}
	}
}

// TestSizesOrdered checks that the three sizes of one interview grow,
// and that every size keeps every category's first feature.
func TestSizesOrdered(t *testing.T) {
	st := newState()
	st.activities = []string{"add a task", "see reports", "chat with the team"}
	for _, a := range areas {
		st.areas[a.key] = true
	}
	small, right, more := st.planAt(sizeSmaller), st.planAt(sizeRight), st.planAt(sizeMore)
	if !(small.count < right.count && right.count < more.count) {
		t.Errorf("sizes %d, %d, %d do not grow", small.count, right.count, more.count)
	}
	if len(small.cats) != len(more.cats) {
		t.Errorf("the smaller size drops categories: %d vs %d", len(small.cats), len(more.cats))
	}
	if more.count > 1000 {
		t.Errorf("count %d out of range", more.count)
	}
}

// TestMaxCount drives every source of features to its limit: the count
// must stay within the validator's range.
func TestMaxCount(t *testing.T) {
	st := newState()
	for i := 0; i < maxLines; i++ {
		st.activities = append(st.activities, "add widget"+slugSuffix(i))
		st.data = append(st.data, "gadget"+slugSuffix(i))
	}
	for i := 0; i < maxChanges; i++ {
		st.edits = append(st.edits, edit{op: opAct, a: "users can print report " + slugSuffix(i), key: "c" + itoa(i)})
	}
	for _, a := range areas {
		st.areas[a.key] = true
	}
	st.stack.realtime = true
	st.size = sizeMore
	p := st.plan()
	if p.count > 1000 {
		t.Errorf("count %d exceeds 1000", p.count)
	}
	text, n := renderSpec(st, "big")
	if n != p.count || !strings.Contains(text, "<feature_count>") {
		t.Errorf("renderSpec count %d, plan %d", n, p.count)
	}
}

func slugSuffix(i int) string { return string(rune('a'+i%26)) + string(rune('a'+i/26)) }
