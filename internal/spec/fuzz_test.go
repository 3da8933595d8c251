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
<feature_count>3</feature_count>
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
<feature id="F-001" name="Create lists">Users create &amp; rename a list.<acceptance>- Given a user, when they add a list, then it shows.</acceptance></feature>
<feature id="F-002" name="Delete lists" depends_on="F-001">Users delete a list.<acceptance>- WHEN a user deletes a list THE SYSTEM SHALL hide it.</acceptance></feature>
</lists>
<tasks><feature id="F-003" name="Tasks" depends_on="F-001">Users add tasks to lists.<acceptance>- Given a list, when a task is added, then it shows.</acceptance></feature></tasks>
</core_features>
<database_schema><tables><users>- id (integer)</users><lists>- user_id (integer, references users)</lists></tables></database_schema>
<api_endpoints_summary><lists>
- GET /api/lists
- POST /api/lists
</lists></api_endpoints_summary>
<ui_layout><main_structure>Sidebar</main_structure></ui_layout>
<design_system><color_palette><color name="Teal" hex="#7FA9AE"/></color_palette><typography>Inter</typography></design_system>
<implementation_steps>
<step number="1"><title>Setup</title><tasks>- Scaffold</tasks></step>
<step number="2"><title>Lists</title><tasks>- CRUD</tasks></step>
</implementation_steps>
<success_criteria><functionality>Works</functionality><user_experience>Fast</user_experience><technical_quality>Tested</technical_quality><design_polish>Clean</design_polish></success_criteria>
</project_specification>
`

const fuzzInitializer = "Turn the spec into exactly **3** features.\nThe first 2 features set up the project.\n"

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
	f.Add([]byte(strings.Replace(fuzzSpec, "<feature_count>3", "<feature_count>[FEATURE_COUNT]", 1)), []byte(""))
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
			if p.Message == "" || p.Hint == "" || p.Rule == "" {
				t.Errorf("missing message, hint or rule: %+v", p)
			}
			if p.Line < 0 || p.Line > lines {
				t.Errorf("line out of range: %+v", p)
			}
		}
		if r.Spec != nil && (r.Spec.FeatureCount < 0 || r.Spec.FeatureCount > MaxFeatureCount) {
			t.Errorf("feature count %d", r.Spec.FeatureCount)
		}
		if r.Score < 0 || r.Score > 100 || !r.OK() && r.Score > maxWithErrors {
			t.Errorf("score %d with ok=%v", r.Score, r.OK())
		}
		if r.Spec == nil {
			return
		}
		// Whatever was read, the canonical form is well-formed and stable:
		// writing what it reads back gives the same bytes.
		once := Format(r.Spec)
		back, ps := Parse(once)
		if back == nil {
			t.Fatalf("Format wrote what Parse cannot read:\n%s\n%s", once, dump(ps))
		}
		for _, p := range ps {
			if p.Rule == RuleSyntax || p.Rule == RuleEscape || p.Rule == RuleElementName {
				t.Fatalf("Format wrote malformed XML (%s):\n%s", p, once)
			}
		}
		if twice := Format(back); string(twice) != string(once) {
			t.Fatalf("Format is not stable:\n%s\n---\n%s", once, twice)
		}
	})
}

// FuzzLinePrefilters checks that the cheap tests run before each line's
// regular expressions never skip a line the expression would match: they
// may let through more, never less. ASCII only: the expressions' case
// folding also matches rare letters such as the Kelvin sign, which no
// template writes.
func FuzzLinePrefilters(f *testing.F) {
	for _, s := range []string{
		"Replace this with your app", "  - describe your project here", "3) Your app name here",
		"• insert the logo here", "<your-api-key>", "{{ PROJECT_NAME }}", "A description of the feature.",
		"TODO: later", "lorem ipsum", "password: hunter22", "api_key = sk-ant-abcdefghijklmnopqrstu",
		"Users can add a recipe", "12.\tList the features here",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for i := 0; i < len(s); i++ {
			if s[i] >= 0x80 || s[i] == '\n' {
				return
			}
		}
		low := lowerASCII(s)
		if templatePhraseRE.MatchString(s) && !mayHoldTemplatePhrase(s, low) {
			t.Fatalf("template phrase in %q skipped", s)
		}
		if placeholderWordRE.MatchString(s) && !mayHoldPlaceholderWord(s, low) {
			t.Fatalf("placeholder word in %q skipped", s)
		}
		if what, _ := findPlaceholderLow(s, low); what != "" && !holdsLineMark(s, low) && !templateStart(low) {
			t.Fatalf("placeholder %q in %q skipped", what, s)
		}
		if what := credentialInLow(s, low); what != "" && !holdsLineMark(s, low) {
			t.Fatalf("credential %q in %q skipped", what, s)
		}
		if low != strings.ToLower(s) {
			t.Fatalf("lowerASCII(%q) = %q", s, low)
		}
	})
}
