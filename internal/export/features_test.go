package export

import (
	"bytes"
	"encoding/json"
	"fmt"
	"testing"
)

// bulkInput mirrors the argument of AutoForge's feature_create_bulk MCP
// tool: {"features": [{category, name, description, steps,
// depends_on_indices?}]}. checkBulk applies the rules that tool and its
// dependency resolver enforce: the four fields present, category 1..100
// and name 1..255 characters, description and at least one step not
// empty, indices whole numbers pointing at an earlier entry, no
// duplicates, at most 20.
type bulkInput struct {
	Features []map[string]json.RawMessage `json:"features"`
}

func checkBulk(data []byte) (int, error) {
	var in bulkInput
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&in); err != nil {
		return 0, err
	}
	if len(in.Features) == 0 {
		return 0, fmt.Errorf("features: empty")
	}
	for i, f := range in.Features {
		var category, name, description string
		var steps []string
		for key, dst := range map[string]any{"category": &category, "name": &name, "description": &description, "steps": &steps} {
			raw, ok := f[key]
			if !ok {
				return 0, fmt.Errorf("feature %d: missing %s", i, key)
			}
			if err := json.Unmarshal(raw, dst); err != nil {
				return 0, fmt.Errorf("feature %d: %s: %v", i, key, err)
			}
		}
		if n := len([]rune(category)); n < 1 || n > 100 {
			return 0, fmt.Errorf("feature %d: category length %d", i, n)
		}
		if n := len([]rune(name)); n < 1 || n > 255 {
			return 0, fmt.Errorf("feature %d: name length %d", i, n)
		}
		if description == "" || len(steps) == 0 {
			return 0, fmt.Errorf("feature %d: empty description or no steps", i)
		}
		for _, s := range steps {
			if s == "" {
				return 0, fmt.Errorf("feature %d: an empty step", i)
			}
		}
		if raw, ok := f["depends_on_indices"]; ok {
			var idx []int
			if err := json.Unmarshal(raw, &idx); err != nil {
				return 0, fmt.Errorf("feature %d: depends_on_indices: %v", i, err)
			}
			if len(idx) > 20 {
				return 0, fmt.Errorf("feature %d: %d dependencies", i, len(idx))
			}
			seen := map[int]bool{}
			for _, d := range idx {
				if d < 0 || d >= i || seen[d] {
					return 0, fmt.Errorf("feature %d: bad or forward dependency index %d", i, d)
				}
				seen[d] = true
			}
		}
	}
	return len(in.Features), nil
}

func TestFeaturesParseAsFeatureCreateBulkInput(t *testing.T) {
	for _, name := range fixtureNames() {
		s := loadSpec(t, name)
		data := render(t, s, Features)[0].Data
		n, err := checkBulk(data)
		if err != nil {
			t.Errorf("%s: not a feature_create_bulk input: %v", name, err)
			continue
		}
		if n != s.FeatureLines() {
			t.Errorf("%s: %d entries, the spec lists %d features", name, n, s.FeatureLines())
		}
		var list FeatureList
		if err := json.Unmarshal(data, &list); err != nil {
			t.Fatal(err)
		}
		if list.FeatureCount != n {
			t.Errorf("%s: feature_count %d, %d entries", name, list.FeatureCount, n)
		}
		// IDs and indices say the same thing.
		for i, f := range list.Features {
			if len(f.DependsOn) != len(f.DependsOnIndices) {
				t.Fatalf("%s: %s: %d IDs, %d indices", name, f.ID, len(f.DependsOn), len(f.DependsOnIndices))
			}
			for k, id := range f.DependsOn {
				if got := list.Features[f.DependsOnIndices[k]].ID; got != id {
					t.Errorf("%s: entry %d: index %d is %s, ID says %s", name, i, f.DependsOnIndices[k], got, id)
				}
			}
		}
	}
}

func TestFeatureCountMatchesAgreedCount(t *testing.T) {
	for _, name := range []string{"larder", "tidy", "guided"} {
		s := loadSpec(t, name)
		if got := FeatureListOf(s).FeatureCount; got != s.FeatureCount {
			t.Errorf("%s: %d features exported, feature_count is %d", name, got, s.FeatureCount)
		}
	}
}

func TestInfrastructureFirstAndDependenciesEarlier(t *testing.T) {
	list := FeatureListOf(loadSpec(t, "guided"))
	infra := 0
	for _, f := range list.Features {
		if f.Category != "infrastructure" {
			break
		}
		infra++
	}
	if infra < 5 {
		t.Errorf("%d infrastructure features at the head of the list, want the guided spec's 7", infra)
	}
	for _, f := range list.Features[infra:] {
		if f.Category == "infrastructure" {
			t.Errorf("%s: an infrastructure feature after the others", f.ID)
		}
	}
	// Larder: F-003 depends on F-005, which the spec lists later; the
	// export moves F-005 before it. F-008/F-009 form a cycle.
	list = FeatureListOf(loadSpec(t, "larder"))
	pos := map[string]int{}
	for i, f := range list.Features {
		pos[f.ID] = i
	}
	if pos["F-005"] > pos["F-003"] {
		t.Errorf("F-005 at %d, after F-003 (%d) which depends on it", pos["F-005"], pos["F-003"])
	}
	if list.Features[0].ID != "F-001" || list.Features[1].ID != "F-002" {
		t.Errorf("infrastructure F-001, F-002 not first: %s, %s", list.Features[0].ID, list.Features[1].ID)
	}
}
