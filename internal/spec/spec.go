package spec

// Spec is what a caller needs to know about a parsed app_spec.txt. Fields
// whose section is missing or malformed are left zero; the problems
// returned alongside say why.
type Spec struct {
	ProjectName string `json:"project_name"`
	Overview    string `json:"overview"` // whitespace collapsed to single spaces

	// FeatureCount is the agreed number of testable features, or 0 when
	// feature_count is missing or not a valid integer in range.
	FeatureCount int `json:"feature_count"`

	// Categories are the children of core_features, in order.
	Categories []Category `json:"categories"`
	// Tables names the children of database_schema/tables, in order.
	Tables []string `json:"tables"`
	// APIAreas names the children of api_endpoints_summary, in order.
	APIAreas []string `json:"api_areas"`
	// Endpoints are the "- VERB /path" lines found in those areas.
	Endpoints []Endpoint `json:"endpoints"`
	// Roles names the roles defined under user_roles, in order.
	Roles []string `json:"roles"`
	// Steps are the implementation steps, in document order.
	Steps []Step `json:"steps"`
}

// Category is one feature category of core_features.
type Category struct {
	Name     string   `json:"name"`
	Features []string `json:"features"` // bullet text, marker removed
}

// Endpoint is one API endpoint line of api_endpoints_summary.
type Endpoint struct {
	Area   string `json:"area"`
	Method string `json:"method"` // upper case, e.g. "GET"
	Path   string `json:"path"`
}

// Step is one step of implementation_steps.
type Step struct {
	Number int    `json:"number"` // 0 when the number attribute is missing or invalid
	Title  string `json:"title"`
}

// FeatureLines returns how many features the categories list in total.
func (s *Spec) FeatureLines() int {
	n := 0
	for _, c := range s.Categories {
		n += len(c.Features)
	}
	return n
}
