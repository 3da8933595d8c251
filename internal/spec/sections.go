package spec

// section is a top-level part of app_spec.txt: its name in our format,
// the names the reference's lineage and other tools use for it, and
// whether a spec needs it.
type section struct {
	name    string
	aliases []string
	// required sections must be present (or declared not applicable);
	// the others make a spec better and count towards its score.
	required bool
	// part is what a not-applicable declaration names ("database",
	// "api", "ui"), for the sections that may be declared so.
	part string
	// kids are the children a good spec has inside the section.
	kids []string
}

// sections lists the root's children in their canonical order.
//
// Which are required follows what a coding agent cannot do without: what
// the app is called and is, what to build (the features and their
// count, checked on their own), and the data, interface and API an app
// of the kind has unless it says it has none. The rest are warnings when
// missing: real specs that agents build from every day leave them out.
var sections = []section{
	{name: "project_name", aliases: []string{"name", "app_name", "project_title", "title"}, required: true},
	{name: "overview", aliases: []string{"project_overview", "description", "summary", "project_description", "executive_summary"}, required: true},
	{name: "technology_stack", aliases: []string{"tech_stack", "technologies", "stack"}, kids: []string{"frontend", "backend"}},
	{name: "prerequisites", kids: []string{"environment_setup"}},
	{name: "feature_count", aliases: []string{"total_feature_count", "features_count", "total_features", "feature_total"}},
	{name: "security_and_access_control", aliases: []string{"security", "access_control", "security_model"}, kids: []string{"user_roles", "authentication"}},
	{name: "core_features", aliases: []string{"features", "feature_list", "functional_requirements", "key_features"}},
	{name: "database_schema", aliases: []string{"database", "data_model", "schema", "data_schema"}, part: "database"},
	{name: "api_endpoints_summary", aliases: []string{"api_endpoints", "api", "api_summary", "endpoints", "api_design"}, part: "api"},
	{name: "ui_layout", aliases: []string{"ui", "user_interface", "layout", "pages", "screens", "ui_structure"}, part: "ui"},
	{name: "design_system", aliases: []string{"design", "visual_design", "design_guidelines"}},
	{name: "implementation_steps", aliases: []string{"implementation_phases", "implementation_roadmap", "implementation_plan", "roadmap", "phases", "development_phases", "milestones"}},
	{name: "success_criteria", aliases: []string{"success_metrics", "acceptance_criteria", "definition_of_done"}},
}

// SectionNames returns the names of the top-level sections of
// app_spec.txt, in their canonical order.
func SectionNames() []string {
	names := make([]string, len(sections))
	for i, s := range sections {
		names[i] = s.name
	}
	return names
}

// sectionFor returns the section an element name stands for, and
// whether the name is an alias rather than ours.
func sectionFor(name string) (section, bool, bool) {
	for _, s := range sections {
		if s.name == name {
			return s, false, true
		}
		for _, a := range s.aliases {
			if a == name {
				return s, true, true
			}
		}
	}
	return section{}, false, false
}
