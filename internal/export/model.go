package export

import (
	"fmt"
	"strings"

	"github.com/specwright/specwright/internal/spec"
)

// model is the spec plus what every export derives from it the same way:
// one identity per feature, the build order, and the assumptions made.
type model struct {
	s *spec.Spec
	// features in document order, each with its resolved ID.
	features []feature
	// order lists indices into features: infrastructure first, then
	// document order, moved only as far as a dependency requires.
	order []int
	// assumed lists, in a fixed order, what the exports supplied that the
	// spec does not say.
	assumed []string
}

// feature is a spec feature with what the exports need beside it.
type feature struct {
	spec.Feature
	ID       string // the spec's ID, or one derived from the position
	Derived  bool   // ID was derived
	Category string
	Pos      int // 1-based position in the document
	Infra    bool
	// Deps are the IDs of the features this one depends on that exist in
	// the spec, in the spec's order.
	Deps []string
}

func newModel(s *spec.Spec) *model {
	m := &model{s: s}
	taken := map[string]bool{}
	for _, c := range s.Categories {
		for _, f := range c.Features {
			if f.ID != "" {
				taken[f.ID] = true
			}
		}
	}
	seen := map[string]bool{}
	derived, dupes := 0, 0
	pos := 0
	for _, c := range s.Categories {
		for _, f := range c.Features {
			pos++
			x := feature{Feature: f, ID: f.ID, Category: c.Name, Pos: pos, Infra: isInfra(c.Name)}
			if x.ID == "" || seen[x.ID] {
				if x.ID != "" {
					dupes++
				} else {
					derived++
				}
				x.ID = uniqueID(fmt.Sprintf("P-%03d", pos), taken)
				x.Derived = true
			}
			seen[x.ID] = true
			taken[x.ID] = true
			m.features = append(m.features, x)
		}
	}
	if derived > 0 {
		m.assume(fmt.Sprintf("%d feature(s) have no ID in the spec (the reference's plain form); each was given P-NNN from its position in the document, which is stable as long as the features above it do not change", derived))
	}
	if dupes > 0 {
		m.assume(fmt.Sprintf("%d feature(s) repeat an ID already used above them; each was given P-NNN from its position instead", dupes))
	}
	m.resolveDeps()
	m.order = m.buildOrder()
	if !m.anyInfra() && len(m.features) > 0 {
		m.assume("no category is named for infrastructure, so no feature was moved first on that ground; the features keep the spec's order, moved only to come after what they depend on")
	}
	noCriteria := 0
	for _, f := range m.features {
		if len(f.Acceptance) == 0 {
			noCriteria++
		}
	}
	if noCriteria > 0 {
		m.assume(fmt.Sprintf("%d feature(s) have no acceptance criteria; their test steps and scenarios are derived from the description", noCriteria))
	}
	if s.FeatureCount != 0 && s.FeatureCount != len(m.features) {
		m.assume(fmt.Sprintf("the spec's feature_count is %d but it lists %d features; the exports hold the %d listed", s.FeatureCount, len(m.features), len(m.features)))
	}
	if s.FeatureCount == 0 {
		m.assume(fmt.Sprintf("the spec gives no valid feature_count; the exports count the %d listed features", len(m.features)))
	}
	return m
}

func (m *model) assume(text string) { m.assumed = append(m.assumed, text) }

// isInfra reports whether a category holds infrastructure features, which
// the reference's coding agent builds before anything else.
func isInfra(category string) bool {
	c := strings.ToLower(category)
	return strings.HasPrefix(c, "infra") || c == "foundation" || c == "foundations" || c == "setup"
}

func (m *model) anyInfra() bool {
	for _, f := range m.features {
		if f.Infra {
			return true
		}
	}
	return false
}

func uniqueID(id string, taken map[string]bool) string {
	if !taken[id] {
		return id
	}
	for n := 2; ; n++ {
		c := fmt.Sprintf("%s-%d", id, n)
		if !taken[c] {
			return c
		}
	}
}

// resolveDeps keeps the dependencies that name a feature of the spec,
// once each, and notes the rest.
func (m *model) resolveDeps() {
	byID := map[string]int{}
	for i, f := range m.features {
		if !f.Derived {
			byID[f.ID] = i
		}
	}
	unknown, self := 0, 0
	for i := range m.features {
		f := &m.features[i]
		seen := map[string]bool{}
		for _, d := range f.DependsOn {
			j, ok := byID[d]
			switch {
			case !ok:
				unknown++
			case j == i:
				self++
			case !seen[d]:
				seen[d] = true
				f.Deps = append(f.Deps, d)
			}
		}
	}
	if unknown > 0 {
		m.assume(fmt.Sprintf("%d dependency reference(s) name no feature of the spec and were left out", unknown))
	}
	if self > 0 {
		m.assume(fmt.Sprintf("%d feature(s) list themselves as a dependency; that was left out", self))
	}
}

// buildOrder returns the features in build order: a stable topological
// order in which infrastructure comes first and otherwise the document
// order holds. A cycle is broken at its earliest feature, whose remaining
// dependencies are then ignored for ordering (and noted).
func (m *model) buildOrder() []int {
	n := len(m.features)
	idx := map[string]int{}
	for i, f := range m.features {
		idx[f.ID] = i
	}
	before := func(a, b int) bool { // a is preferred over b
		if m.features[a].Infra != m.features[b].Infra {
			return m.features[a].Infra
		}
		return a < b
	}
	placed := make([]bool, n)
	order := make([]int, 0, n)
	broken := 0
	for len(order) < n {
		best := -1
		for i := 0; i < n; i++ {
			if placed[i] || !m.ready(i, idx, placed) {
				continue
			}
			if best < 0 || before(i, best) {
				best = i
			}
		}
		if best < 0 { // a cycle: take the preferred unplaced feature anyway
			for i := 0; i < n; i++ {
				if !placed[i] && (best < 0 || before(i, best)) {
					best = i
				}
			}
			broken++
			f := &m.features[best]
			var kept []string
			for _, d := range f.Deps {
				if placed[idx[d]] {
					kept = append(kept, d)
				}
			}
			f.Deps = kept
		}
		placed[best] = true
		order = append(order, best)
	}
	if broken > 0 {
		m.assume(fmt.Sprintf("the dependencies form %d cycle(s); each was broken by dropping the dependencies of its earliest feature on features not yet built", broken))
	}
	return order
}

func (m *model) ready(i int, idx map[string]int, placed []bool) bool {
	for _, d := range m.features[i].Deps {
		if !placed[idx[d]] {
			return false
		}
	}
	return true
}

// name is the project's name, or a stand-in when the spec has none.
func (m *model) name() string {
	if n := strings.TrimSpace(m.s.ProjectName); n != "" {
		return n
	}
	return "The application"
}
