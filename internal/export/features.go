package export

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/specwright/specwright/internal/spec"
)

// FeatureListFile is the name of the features export, and of the file the
// server writes next to the spec when it is complete.
const FeatureListFile = "feature_list.json"

// maxDeps is the most dependencies AutoForge's feature_create_bulk
// accepts on one feature.
const maxDeps = 20

// FeatureList is the features export: the argument object of AutoForge's
// feature_create_bulk tool ({"features": [...]}), with what a reader needs
// beside it. The tool reads only "features"; the other fields are for
// people and for checks.
type FeatureList struct {
	Project      string        `json:"project"`
	FeatureCount int           `json:"feature_count"`
	Assumptions  []string      `json:"assumptions,omitempty"`
	Features     []FeatureItem `json:"features"`
}

// FeatureItem is one feature as feature_create_bulk takes it (category,
// name, description, steps, depends_on_indices), plus the spec's ID and
// the dependencies by ID.
type FeatureItem struct {
	ID               string   `json:"id"`
	Category         string   `json:"category"`
	Name             string   `json:"name"`
	Description      string   `json:"description"`
	Steps            []string `json:"steps"`
	DependsOn        []string `json:"depends_on"`
	DependsOnIndices []int    `json:"depends_on_indices"`
}

// FeatureListOf returns the spec's features in build order:
// infrastructure first, every dependency on an earlier entry.
func FeatureListOf(s *spec.Spec) FeatureList { return buildFeatureList(newModel(s)) }

func buildFeatureList(m *model) FeatureList {
	at := map[string]int{}
	list := FeatureList{Project: m.name(), Assumptions: m.assumed, Features: []FeatureItem{}}
	cut := 0
	for n, i := range m.order {
		f := m.features[i]
		item := FeatureItem{
			ID:               f.ID,
			Category:         clip(f.Category, 100),
			Name:             clip(orDefault(oneLine(f.Name), f.ID), 255),
			Description:      orDefault(oneLine(f.Description), oneLine(f.Name)),
			Steps:            testSteps(f),
			DependsOn:        []string{},
			DependsOnIndices: []int{},
		}
		if item.Category == "" {
			item.Category = "uncategorized"
		}
		if item.Description == "" {
			item.Description = item.Name
		}
		for _, d := range f.Deps {
			if len(item.DependsOn) == maxDeps {
				cut++
				break
			}
			item.DependsOn = append(item.DependsOn, d)
			item.DependsOnIndices = append(item.DependsOnIndices, at[d])
		}
		at[f.ID] = n
		list.Features = append(list.Features, item)
	}
	if cut > 0 {
		list.Assumptions = append(append([]string(nil), list.Assumptions...),
			fmt.Sprintf("%d feature(s) depend on more than %d others, the most feature_create_bulk accepts; the first %d were kept", cut, maxDeps, maxDeps))
	}
	list.FeatureCount = len(list.Features)
	return list
}

// testSteps are the feature's acceptance criteria, or, when it has none,
// steps derived from its description (which newModel notes).
func testSteps(f feature) []string {
	var steps []string
	for _, a := range f.Acceptance {
		if a = oneLine(a); a != "" {
			steps = append(steps, a)
		}
	}
	if len(steps) > 0 {
		return steps
	}
	what := orDefault(oneLine(f.Description), oneLine(f.Name))
	return []string{
		"Start the application as a user allowed to do this",
		"Do what the feature describes: " + trimStop(what),
		"Check that the result is what the description says, and that it is still there after reloading the page",
	}
}

func renderFeatures(m *model) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(buildFeatureList(m)); err != nil {
		return nil, fmt.Errorf("export features: %w", err)
	}
	return b.Bytes(), nil
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// clip shortens s to at most n runes.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n])
}
