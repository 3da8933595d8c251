package spec

import (
	"slices"
	"sort"
	"strings"
)

// similarity says how alike two features without a shared ID or name
// are, by their content words, and whether they are alike enough to be
// taken for one feature that was reworded: half their words shared, or
// one's words nearly all in the other (a line that grew a clause).
func similarity(a, b terms) (float64, bool) {
	j := jaccard(a, b)
	inter := a.shared(b)
	small := min(len(a), len(b))
	overlap := 0.0
	if small >= 2 {
		overlap = float64(inter) / float64(small)
	}
	return j + overlap, j >= 0.5 || (overlap >= 0.75 && j >= 0.3)
}

// placed is a feature with its category and position.
type placed struct {
	f   Feature
	cat string
}

func placedFeatures(s *Spec) []placed {
	var out []placed
	for _, c := range s.Categories {
		for _, f := range c.Features {
			out = append(out, placed{f, c.Name})
		}
	}
	return out
}

// pairing is one feature of the old version matched with one of the new.
type pairing struct {
	a, b int
	by   string
}

// matchFeatures pairs the features of a and b: first by ID, then by
// name, then by content. Each feature is paired at most once.
func matchFeatures(a, b []placed) []pairing {
	var out []pairing
	usedA, usedB := make([]bool, len(a)), make([]bool, len(b))
	pair := func(i, j int, by string) {
		usedA[i], usedB[j] = true, true
		out = append(out, pairing{i, j, by})
	}
	byID := map[string]int{}
	for j, p := range b {
		if id := p.f.ID; id != "" {
			if _, dup := byID[id]; !dup {
				byID[id] = j
			}
		}
	}
	for i, p := range a {
		if j, ok := byID[p.f.ID]; ok && p.f.ID != "" && !usedB[j] {
			pair(i, j, "id")
		}
	}
	// Two features with different IDs are different features, even when
	// alike: only a side without an ID is matched by name or content.
	open := func(x, y Feature) bool { return x.ID == "" || y.ID == "" }
	byName := map[string][]int{}
	for j, p := range b {
		if !usedB[j] {
			k := nameKey(p.f.Name)
			byName[k] = append(byName[k], j)
		}
	}
	for i, p := range a {
		if usedA[i] {
			continue
		}
		for _, j := range byName[nameKey(p.f.Name)] {
			if !usedB[j] && open(p.f, b[j].f) {
				pair(i, j, "name")
				break
			}
		}
	}
	type cand struct {
		i, j int
		sim  float64
	}
	var cands []cand
	words := func(f Feature) terms { return contentWords(f.Name + " " + f.Description) }
	wb := make([]terms, len(b))
	for j := range b {
		if !usedB[j] {
			wb[j] = words(b[j].f)
		}
	}
	for i := range a {
		if usedA[i] {
			continue
		}
		wa := words(a[i].f)
		for j := range b {
			if usedB[j] || !open(a[i].f, b[j].f) {
				continue
			}
			if sim, ok := similarity(wa, wb[j]); ok {
				cands = append(cands, cand{i, j, sim})
			}
		}
	}
	sort.SliceStable(cands, func(x, y int) bool { return cands[x].sim > cands[y].sim })
	for _, c := range cands {
		if !usedA[c.i] && !usedB[c.j] {
			pair(c.i, c.j, "content")
		}
	}
	return out
}

func nameKey(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }

// diffFeatures compares the features and the categories holding them.
func diffFeatures(a, b *Spec) (FeatureDiff, CategoryDiff) {
	pa, pb := placedFeatures(a), placedFeatures(b)
	pairs := matchFeatures(pa, pb)
	cats := diffCategories(a.Categories, b.Categories, pa, pb, pairs)
	d, _ := compareFeatures(pa, pb, pairs, cats)
	return d, cats
}

// Link says where a feature of the newer version came from: From is its
// index among the older version's Features(), or -1 when it is new;
// Changed reports whether it differs from that one.
type Link struct {
	From    int
	Changed bool
}

// Trace returns, for each of b.Features(), its link to a, as [Compare]
// pairs them.
func Trace(a, b *Spec) []Link {
	if a == nil {
		a = &Spec{}
	}
	pa, pb := placedFeatures(a), placedFeatures(b)
	pairs := matchFeatures(pa, pb)
	_, links := compareFeatures(pa, pb, pairs, diffCategories(a.Categories, b.Categories, pa, pb, pairs))
	return links
}

func compareFeatures(pa, pb []placed, pairs []pairing, cats CategoryDiff) (FeatureDiff, []Link) {
	renamed := map[string]string{}
	for _, r := range cats.Renamed {
		renamed[r.From] = r.To
	}
	links := make([]Link, len(pb))
	for j := range links {
		links[j].From = -1
	}
	var d FeatureDiff
	matchedA, matchedB := make([]bool, len(pa)), make([]bool, len(pb))
	sort.Slice(pairs, func(x, y int) bool { return pairs[x].b < pairs[y].b })
	for _, p := range pairs {
		matchedA[p.a], matchedB[p.b] = true, true
		fa, fb := pa[p.a], pb[p.b]
		fields := featureFields(fa.f, fb.f)
		catA := fa.cat
		if to, ok := renamed[catA]; ok {
			catA = to
		}
		if catA != fb.cat {
			fields = append(fields, "category")
		}
		links[p.b] = Link{From: p.a, Changed: len(fields) > 0}
		if len(fields) == 0 {
			continue
		}
		c := FeatureChange{FeatureRef: ref(fb), MatchedBy: p.by, Fields: fields, Before: fa.f, After: fb.f}
		if fa.cat != fb.cat {
			c.CategoryBefore = fa.cat
		}
		c.Before.Line, c.After.Line = 0, 0
		d.Changed = append(d.Changed, c)
	}
	for i, p := range pa {
		if !matchedA[i] {
			d.Removed = append(d.Removed, ref(p))
		}
	}
	for j, p := range pb {
		if !matchedB[j] {
			d.Added = append(d.Added, ref(p))
		}
	}
	return d, links
}

func ref(p placed) FeatureRef { return FeatureRef{ID: p.f.ID, Name: p.f.Name, Category: p.cat} }

// featureFields names what differs between two versions of a feature.
func featureFields(a, b Feature) []string {
	var out []string
	if collapse(a.Name) != collapse(b.Name) {
		out = append(out, "name")
	}
	if collapse(a.Description) != collapse(b.Description) {
		out = append(out, "description")
	}
	if !slices.Equal(collapseAll(a.Acceptance), collapseAll(b.Acceptance)) {
		out = append(out, "acceptance")
	}
	if !sameSet(a.DependsOn, b.DependsOn) {
		out = append(out, "depends_on")
	}
	return out
}

func collapseAll(s []string) []string {
	out := make([]string, len(s))
	for i, x := range s {
		out[i] = collapse(x)
	}
	return out
}

func sameSet(a, b []string) bool {
	x, y := slices.Clone(a), slices.Clone(b)
	slices.Sort(x)
	slices.Sort(y)
	return slices.Equal(slices.Compact(x), slices.Compact(y))
}

// diffCategories compares categories by name; a category whose name is
// gone is renamed to the new one that holds most of its matched
// features, when that is at least half of them.
func diffCategories(ca, cb []Category, pa, pb []placed, pairs []pairing) CategoryDiff {
	var d CategoryDiff
	inA, inB := map[string]bool{}, map[string]bool{}
	for _, c := range ca {
		inA[c.Name] = true
	}
	for _, c := range cb {
		inB[c.Name] = true
	}
	moved := map[string]map[string]int{} // old category → new category → features
	for _, p := range pairs {
		from, to := pa[p.a].cat, pb[p.b].cat
		if inB[from] || inA[to] {
			continue
		}
		if moved[from] == nil {
			moved[from] = map[string]int{}
		}
		moved[from][to]++
	}
	taken := map[string]bool{}
	for _, c := range ca {
		if inB[c.Name] {
			continue
		}
		best, n := "", 0
		for _, to := range categoryNames(cb) {
			if k := moved[c.Name][to]; k > n && !taken[to] {
				best, n = to, k
			}
		}
		if best != "" && 2*n >= len(c.Features) {
			taken[best] = true
			d.Renamed = append(d.Renamed, Rename{From: c.Name, To: best})
			continue
		}
		d.Removed = append(d.Removed, c.Name)
	}
	for _, c := range cb {
		if !inA[c.Name] && !taken[c.Name] {
			d.Added = append(d.Added, c.Name)
		}
	}
	return d
}

func categoryNames(cs []Category) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.Name
	}
	return out
}
