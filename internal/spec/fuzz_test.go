package spec

import (
	"strings"
	"testing"
)

// fuzzSpec is a complete spec that checks clean, small enough to fuzz:
// every section, and every kind of content the checks read. The fuzzing
// engine minimizes each input that finds new coverage, trying every
// byte, then every span of bytes, that might go; on a structured input
// where most bytes matter, that takes time growing with the cube of its
// length, so a multi-kilobyte seed such as testdata/app_spec.txt keeps
// the workers minimizing (execs stay at 0/sec) instead of fuzzing.
const fuzzSpec = `<?xml version="1.0" encoding="UTF-8"?>
<project_specification>
<project_name>Tidy</project_name>
<overview>Tidy is a to-do list app.</overview>
<technology_stack><frontend>React</frontend><backend>Node</backend><communication>REST</communication></technology_stack>
<prerequisites><environment_setup>- Node 20</environment_setup></prerequisites>
<feature_count>30</feature_count>
<security_and_access_control>
<user_roles>
<role name="user"><protected_routes>- /lists (user role)</protected_routes></role>
<role><name>Administrator</name><protected_routes>- /admin (roles: admins)</protected_routes></role>
</user_roles>
<authentication>Email</authentication>
<sensitive_operations>- Delete account</sensitive_operations>
</security_and_access_control>
<core_features>
<lists>
- Create &amp; rename a list
1. Delete a list
</lists>
<tasks><task>Add a task</task><task>Finish a task</task></tasks>
</core_features>
<database_schema><tables><users>- id</users><lists>- id</lists></tables></database_schema>
<api_endpoints_summary><lists>
- GET /api/lists
- POST /api/lists
</lists></api_endpoints_summary>
<ui_layout><main_structure>Sidebar</main_structure></ui_layout>
<design_system><color_palette>Blue</color_palette><typography>Inter</typography></design_system>
<implementation_steps>
<step number="1"><title>Setup</title><tasks>- Scaffold</tasks></step>
<step number="2"><title>Lists</title><tasks>- CRUD</tasks></step>
</implementation_steps>
<success_criteria><functionality>Works</functionality><user_experience>Fast</user_experience><technical_quality>Tested</technical_quality><design_polish>Clean</design_polish></success_criteria>
</project_specification>
`

const fuzzInitializer = "Turn the spec into exactly **30** features.\nThe first 5 features set up the project.\n"

// maxFuzzInput bounds each fuzzed file, for the reason given at fuzzSpec.
// Check's cost on large input is the business of
// TestCheckAdversarialLinear, not of the fuzzer.
const maxFuzzInput = 2 << 10

// FuzzParse checks that no input makes the checks panic and that
// every problem is well formed.
func FuzzParse(f *testing.F) {
	if r := Check([]byte(fuzzSpec), []byte(fuzzInitializer)); len(r.Problems) > 0 {
		f.Fatalf("the fuzz seed has problems:\n%s", dump(r.Problems))
	}
	f.Add([]byte(fuzzSpec), []byte(fuzzInitializer))
	f.Add([]byte(strings.Replace(fuzzSpec, "Tidy is", "Tidy & co < 2 is", 1)), []byte("[FEATURE_COUNT]"))
	f.Add([]byte(strings.Replace(fuzzSpec, "<feature_count>30", "<feature_count>[FEATURE_COUNT]", 1)), []byte(""))
	f.Add([]byte("```xml\n<project_specification><a x='&nbsp;'><!-- & --><![CDATA[<]]></a>\n"), []byte("30 features"))
	f.Add([]byte("<project_specification><core_features><c>- x</c></core_features><feature_count>1</feature_count></project_specification>"), []byte("\xff"))
	f.Fuzz(func(t *testing.T, appSpec, initializer []byte) {
		if len(appSpec) > maxFuzzInput || len(initializer) > maxFuzzInput {
			t.Skip("input larger than maxFuzzInput")
		}
		r := Check(appSpec, initializer)
		// The XML decoder counts a lone carriage return as a line end too.
		breaks := func(b []byte) int { return strings.Count(string(b), "\n") + strings.Count(string(b), "\r") }
		lines := breaks(appSpec) + breaks(initializer) + 2
		for _, p := range r.Problems {
			if p.Severity != SeverityError && p.Severity != SeverityWarning {
				t.Errorf("bad severity: %+v", p)
			}
			if p.File != FileAppSpec && p.File != FileInitializer {
				t.Errorf("bad file: %+v", p)
			}
			if p.Message == "" || p.Hint == "" {
				t.Errorf("missing message or hint: %+v", p)
			}
			if p.Line < 0 || p.Line > lines {
				t.Errorf("line out of range: %+v", p)
			}
		}
		if r.Spec != nil && (r.Spec.FeatureCount < 0 || r.Spec.FeatureCount > MaxFeatureCount) {
			t.Errorf("feature count %d", r.Spec.FeatureCount)
		}
	})
}
