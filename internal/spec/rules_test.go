package spec

import (
	"fmt"
	"strings"
	"testing"
)

// addFeature puts a feature (XML) at the end of the experience category
// of the good spec and raises feature_count to match.
func addFeature(t *testing.T, s, feature string) string {
	t.Helper()
	s = edit(t, s, "    </experience>", feature+"\n    </experience>")
	return edit(t, s, "<feature_count>30</feature_count>", "<feature_count>31</feature_count>")
}

func feature(id, name, desc, criterion string) string {
	f := `      <feature id="` + id + `" name="` + name + `">` + "\n        " + desc + "\n"
	if criterion != "" {
		f += "        <acceptance>\n          - " + criterion + "\n        </acceptance>\n"
	}
	return f + "      </feature>"
}

const okCriterion = "Given a signed-in user, when they do it, then they see it done."

// replaceElement replaces the whole first <name>…</name> of s.
func replaceElement(t *testing.T, s, name, with string) string {
	t.Helper()
	i := strings.Index(s, "<"+name+">")
	j := strings.Index(s, "</"+name+">")
	if i < 0 || j < i {
		t.Fatalf("replaceElement: <%s> not found", name)
	}
	return s[:i] + with + s[j+len("</"+name+">"):]
}

// ruleCase plants one defect in the good spec (or writes a whole file)
// and expects a problem of the rule and severity, on the line of mark
// when mark is set.
type ruleCase struct {
	name  string
	spec  func(t *testing.T, good string) string
	init  string // the initializer; the good one when empty
	rule  string
	sev   Severity
	mark  string // the problem's line is the line of this text, if set
	inMsg string // a substring of the message, if set
}

// TestRulesFire seeds each defect the checks know, one at a time.
func TestRulesFire(t *testing.T) {
	cases := []ruleCase{
		// Errors.
		{name: "empty file", spec: func(*testing.T, string) string { return " \n" }, rule: RuleEmpty, sev: SeverityError},
		{name: "markdown document", spec: func(*testing.T, string) string {
			return "# Tidy\n\nA to-do app.\n\n## Features\n- Add tasks\n- Finish tasks\n"
		}, rule: RuleNotSpec, sev: SeverityError, inMsg: "Markdown document"},
		{name: "markdown inside the root", spec: func(*testing.T, string) string {
			return "<project_specification>\n# Tidy\n\n## Features\n- Add tasks\n- Finish tasks\n</project_specification>\n"
		}, rule: RuleNotSpec, sev: SeverityError, inMsg: "Markdown document"},
		{name: "stub pointing elsewhere", spec: func(*testing.T, string) string {
			return "<project_specification>See docs/SPEC.md for the specification.</project_specification>\n"
		}, rule: RuleNotSpec, sev: SeverityError, inMsg: "a stub"},
		{name: "wrong root", spec: func(_ *testing.T, g string) string {
			return strings.ReplaceAll(g, "project_specification>", "app_spec>")
		}, rule: RuleNotSpec, sev: SeverityError, inMsg: "root element is <app_spec>"},
		{name: "truncated", spec: func(_ *testing.T, g string) string { return g[:len(g)/2] }, rule: RuleSyntax, sev: SeverityError},
		{name: "invalid element name", spec: func(t *testing.T, g string) string {
			return edit(t, g, "<styling>Tailwind CSS</styling>", "<css framework>Tailwind CSS</css framework>")
		}, rule: RuleElementName, sev: SeverityError, mark: "<css framework>"},
		{name: "required section missing", spec: func(t *testing.T, g string) string { return cut(t, g, "overview") },
			rule: RuleMissingSection, sev: SeverityError, inMsg: "<overview>"},
		{name: "no feature list", spec: func(t *testing.T, g string) string {
			i, j := strings.Index(g, "<core_features>"), strings.Index(g, "</core_features>")
			return g[:i] + "<core_features>\n    <accounts></accounts>\n  " + g[j:]
		}, rule: RuleNoFeatures, sev: SeverityError},
		{name: "no count anywhere", spec: func(t *testing.T, g string) string { return cut(t, g, "feature_count") },
			init: "Turn the spec into the feature list.\n", rule: RuleNoCount, sev: SeverityError},
		{name: "count not a number", spec: func(t *testing.T, g string) string {
			return edit(t, g, "<feature_count>30</feature_count>", "<feature_count>thirty</feature_count>")
		}, rule: RuleBadCount, sev: SeverityError},
		{name: "bracketed placeholder", spec: func(t *testing.T, g string) string {
			return edit(t, g, "<styling>Tailwind CSS</styling>", "<styling>[STYLING_CHOICE]</styling>")
		}, rule: RulePlaceholder, sev: SeverityError, mark: "[STYLING_CHOICE]"},
		{name: "YOUR_PROJECT_NAME", spec: func(t *testing.T, g string) string {
			return edit(t, g, "<project_name>Tidy</project_name>", "<project_name>YOUR_PROJECT_NAME</project_name>")
		}, rule: RulePlaceholder, sev: SeverityError, mark: "YOUR_PROJECT_NAME"},
		{name: "describe your project", spec: func(t *testing.T, g string) string {
			return replaceElement(t, g, "overview", "<overview>\n    Describe your project in two or three sentences.\n  </overview>")
		}, rule: RulePlaceholder, sev: SeverityError, mark: "Describe your project"},
		{name: "replace with", spec: func(t *testing.T, g string) string {
			return edit(t, g, "<runtime>Node.js 20 with Express</runtime>", "<runtime>Replace with your runtime</runtime>")
		}, rule: RulePlaceholder, sev: SeverityError},
		{name: "mustache slot", spec: func(t *testing.T, g string) string {
			return edit(t, g, "<project_name>Tidy</project_name>", "<project_name>{{PROJECT_NAME}}</project_name>")
		}, rule: RulePlaceholder, sev: SeverityError},
		{name: "your-slot in angle brackets", spec: func(t *testing.T, g string) string {
			return edit(t, g, "- No external services: the database is a local SQLite file", "- Read the key from <path-to-your-api-key-file>")
		}, rule: RulePlaceholder, sev: SeverityError},
		{name: "template element name", spec: func(t *testing.T, g string) string {
			return strings.ReplaceAll(g, "search>", "category_name>")
		}, rule: RulePlaceholder, sev: SeverityError, inMsg: "<category_name>"},
		{name: "duplicate feature ID", spec: func(t *testing.T, g string) string {
			return addFeature(t, g, feature("F-003", "Remember me", "Tick remember me to stay signed in for 30 days.", okCriterion))
		}, rule: RuleDuplicateID, sev: SeverityError, inMsg: "F-003 is used twice"},
		{name: "count differs from the features", spec: func(t *testing.T, g string) string {
			return edit(t, g, "<feature_count>30</feature_count>", "<feature_count>29</feature_count>")
		}, rule: RuleCountMismatch, sev: SeverityError},
		{name: "initializer placeholder left", spec: func(_ *testing.T, g string) string { return g },
			init: "Create exactly [FEATURE_COUNT] features.\n", rule: RuleInitializer, sev: SeverityError},
		{name: "initializer without the count", spec: func(_ *testing.T, g string) string { return g },
			init: "Create the feature list from the spec.\n", rule: RuleInitializer, sev: SeverityError},

		// Warnings.
		{name: "unescaped ampersand", spec: func(t *testing.T, g string) string {
			return edit(t, g, "Tidy is a small", "Tidy is a fast & small")
		}, rule: RuleEscape, sev: SeverityWarning, mark: "fast & small"},
		{name: "code fence", spec: func(_ *testing.T, g string) string { return "```xml\n" + g + "```\n" },
			rule: RuleEscape, sev: SeverityWarning, inMsg: "code fence"},
		{name: "text before the root", spec: func(_ *testing.T, g string) string { return "Here is the spec you asked for.\n" + g },
			rule: RuleOutside, sev: SeverityWarning},
		{name: "lineage count name", spec: func(t *testing.T, g string) string {
			return strings.ReplaceAll(g, "feature_count>", "total_feature_count>")
		}, rule: RuleLegacyName, sev: SeverityWarning, inMsg: "<total_feature_count> is read as <feature_count>"},
		{name: "lineage steps name", spec: func(t *testing.T, g string) string {
			return strings.ReplaceAll(g, "implementation_steps>", "implementation_roadmap>")
		}, rule: RuleLegacyName, sev: SeverityWarning, inMsg: "implementation_roadmap"},
		{name: "lineage table groups", spec: func(t *testing.T, g string) string {
			return strings.ReplaceAll(strings.ReplaceAll(g, "<tables>", "<new_tables>"), "</tables>", "</new_tables>")
		}, rule: RuleLegacyName, sev: SeverityWarning},
		{name: "count only in the initializer", spec: func(t *testing.T, g string) string { return cut(t, g, "feature_count") },
			rule: RuleCountFromInit, sev: SeverityWarning},
		{name: "feature without criteria", spec: func(t *testing.T, g string) string {
			return addFeature(t, g, feature("F-031", "Archive lists", "Members archive a list they no longer use; it leaves the sidebar.", ""))
		}, rule: RuleNoAcceptance, sev: SeverityWarning, inMsg: "F-031 has no acceptance criteria"},
		{name: "criterion not testable", spec: func(t *testing.T, g string) string {
			return addFeature(t, g, feature("F-031", "Archive lists", "Members archive a list they no longer use.", "Archiving works well."))
		}, rule: RuleNoAcceptance, sev: SeverityWarning, inMsg: "cannot run"},
		{name: "feature without ID among features with IDs", spec: func(t *testing.T, g string) string {
			return addFeature(t, g, "      <feature name=\"Archive lists\">Members archive a list they no longer use.<acceptance>- "+okCriterion+"</acceptance></feature>")
		}, rule: RuleFeatureID, sev: SeverityWarning, inMsg: "has no ID"},
		{name: "dependency on an unknown feature", spec: func(t *testing.T, g string) string {
			return edit(t, g, `name="Rename a list" depends_on="F-006"`, `name="Rename a list" depends_on="F-099"`)
		}, rule: RuleFeatureID, sev: SeverityWarning, inMsg: "F-099"},
		{name: "fragment", spec: func(t *testing.T, g string) string {
			return addFeature(t, g, feature("F-031", "Export", "Export.", ""))
		}, rule: RuleFragment, sev: SeverityWarning, inMsg: "fragment"},
		{name: "heading as a feature", spec: func(t *testing.T, g string) string {
			return addFeature(t, g, feature("F-031", "Settings", "Settings for notifications and themes:", ""))
		}, rule: RuleFragment, sev: SeverityWarning, inMsg: "heading"},
		{name: "repeated feature", spec: func(t *testing.T, g string) string {
			return addFeature(t, g, feature("F-031", "Sign up again", "Sign up with email, display name and password.", okCriterion))
		}, rule: RuleDuplicate, sev: SeverityWarning, inMsg: "repeats F-001"},
		{name: "near-repeated feature", spec: func(t *testing.T, g string) string {
			return addFeature(t, g, feature("F-031", "Upcoming", "Upcoming view grouping tasks by their due dates for the coming 7 days.", okCriterion))
		}, rule: RuleDuplicate, sev: SeverityWarning, inMsg: "nearly repeats F-020"},
		{name: "endpoint area with nothing behind it", spec: func(t *testing.T, g string) string {
			return edit(t, g, "    <admin>\n      - GET /api/admin/users", "    <payouts>\n      - GET /api/payouts\n    </payouts>\n    <admin>\n      - GET /api/admin/users")
		}, rule: RuleOrphanEndpoint, sev: SeverityWarning, inMsg: "<payouts>"},
		{name: "table nothing uses", spec: func(t *testing.T, g string) string {
			return edit(t, g, "    </tables>", "      <audit_entries>\n        - id (integer, primary key)\n      </audit_entries>\n    </tables>")
		}, rule: RuleUnusedTable, sev: SeverityWarning, inMsg: "<audit_entries>"},
		{name: "feature relies on an undefined role", spec: func(t *testing.T, g string) string {
			return addFeature(t, g, feature("F-031", "Hide tasks", "Only moderators can hide a task from a shared list.", okCriterion))
		}, rule: RuleUndefinedRole, sev: SeverityWarning, inMsg: `"moderator"`},
		{name: "protected route names an undefined role", spec: func(t *testing.T, g string) string {
			return edit(t, g, "- /admin/* (requires admin role)", "- /admin/* (requires moderator role)")
		}, rule: RuleUndefinedRole, sev: SeverityWarning, inMsg: `"moderator"`},
		{name: "email without a service", spec: func(t *testing.T, g string) string {
			return addFeature(t, g, feature("F-031", "Reminders", "Members receive an email reminder 24 hours before a task is due.", okCriterion))
		}, rule: RuleMissingService, sev: SeverityWarning, inMsg: "needs email"},
		{name: "SMS without a service", spec: func(t *testing.T, g string) string {
			return addFeature(t, g, feature("F-031", "Text alerts", "Members get an SMS when a shared task is assigned to them.", okCriterion))
		}, rule: RuleMissingService, sev: SeverityWarning, inMsg: "needs SMS"},
		{name: "payments without a provider", spec: func(t *testing.T, g string) string {
			return addFeature(t, g, feature("F-031", "Upgrade", "Members pay for the premium plan by card.", okCriterion))
		}, rule: RuleMissingService, sev: SeverityWarning, inMsg: "needs payments"},
		{name: "uploads without storage", spec: func(t *testing.T, g string) string {
			return addFeature(t, g, feature("F-031", "Attachments", "Members upload a photo to a task.", okCriterion))
		}, rule: RuleMissingService, sev: SeverityWarning, inMsg: "needs file storage"},
		{name: "maps without a provider", spec: func(t *testing.T, g string) string {
			return addFeature(t, g, feature("F-031", "Places", "Tasks with an address show on an interactive map.", okCriterion))
		}, rule: RuleMissingService, sev: SeverityWarning, inMsg: "needs maps"},
		{name: "a password written out", spec: func(t *testing.T, g string) string {
			return edit(t, g, "- Port 5173 for the frontend and 3001 for the API", "- The first admin signs in with password: admin123")
		}, rule: RulePlaintextSecret, sev: SeverityWarning, mark: "admin123"},
		{name: "a provider key written out", spec: func(t *testing.T, g string) string {
			return edit(t, g, "- Port 5173 for the frontend and 3001 for the API", "- ANTHROPIC_API_KEY=sk-ant-api03-abcdefghijklmnopqrstuvwxyz")
		}, rule: RulePlaintextSecret, sev: SeverityWarning},
		{name: "passwords stored in plain text", spec: func(t *testing.T, g string) string {
			return edit(t, g, "password_hash (text)", "password (text)")
		}, rule: RulePlaintextSecret, sev: SeverityWarning, inMsg: `"password"`},
		{name: "derived value stored as a table", spec: func(t *testing.T, g string) string {
			return edit(t, g, "    </tables>", "      <streaks>\n        - user_id (integer, references users)\n        - current (integer)\n      </streaks>\n    </tables>")
		}, rule: RuleDerivedTable, sev: SeverityWarning, inMsg: "<streaks>"},
		{name: "recommended section missing", spec: func(t *testing.T, g string) string { return cut(t, g, "success_criteria") },
			rule: RuleRecommended, sev: SeverityWarning, inMsg: "<success_criteria>"},
		{name: "empty element", spec: func(t *testing.T, g string) string {
			return edit(t, g, "<spacing>4 px base unit; cards have 16 px padding and 8 px radius</spacing>", "<spacing/>")
		}, rule: RuleEmptyElement, sev: SeverityWarning},
		{name: "unfinished note", spec: func(t *testing.T, g string) string {
			return edit(t, g, "<session_timeout>7 days of inactivity</session_timeout>", "<session_timeout>TBD</session_timeout>")
		}, rule: RulePlaceholder, sev: SeverityWarning, mark: "TBD"},
	}
	good, init := goodSpec(t), goodInitializer(t)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			data := tc.spec(t, good)
			in := init
			if tc.init != "" {
				in = tc.init
			}
			r := Check([]byte(data), []byte(in))
			for _, p := range r.Problems {
				if p.Rule != tc.rule || p.Severity != tc.sev || !strings.Contains(p.Message, tc.inMsg) {
					continue
				}
				if tc.mark != "" && p.Line != lineOf(t, data, tc.mark) {
					continue
				}
				if p.Hint == "" {
					t.Errorf("no hint: %s", p)
				}
				if tc.sev == SeverityError && r.Score > maxWithErrors || r.Score >= 100 {
					t.Errorf("score %d despite %s", r.Score, p)
				}
				return
			}
			t.Errorf("want %s %s (%q, line of %q); got:\n%s", tc.sev, tc.rule, tc.inMsg, tc.mark, dump(r.Problems))
		})
	}
}

// TestRulesQuiet feeds sound specs text that resembles each rule's
// trigger: none may fire.
func TestRulesQuiet(t *testing.T) {
	good := goodSpec(t)
	cases := []struct {
		name string
		spec func(t *testing.T, g string) string
	}{
		{"sign-up email needs no email service", func(t *testing.T, g string) string { return g }},
		{"email with a provider named", func(t *testing.T, g string) string {
			g = edit(t, g, "- No external services: the database is a local SQLite file", "- SMTP credentials for sending reminders (Postmark in production)")
			return addFeature(t, g, feature("F-031", "Reminders", "Members receive an email reminder 24 hours before a task is due.", okCriterion))
		}},
		{"uploads with storage named", func(t *testing.T, g string) string {
			g = edit(t, g, "- No external services: the database is a local SQLite file", "- Uploaded photos are stored in a local uploads folder, 5 MB each at most")
			return addFeature(t, g, feature("F-031", "Attachments", "Members upload a photo to a task.", okCriterion))
		}},
		{"secrets from the environment", func(t *testing.T, g string) string {
			return edit(t, g, "- Port 5173 for the frontend and 3001 for the API",
				"- API key: OPENAI_API_KEY from the environment; session secret: SESSION_SECRET; never store passwords in plain text")
		}},
		{"attribute-only elements", func(t *testing.T, g string) string {
			return edit(t, g, "<spacing>4 px base unit; cards have 16 px padding and 8 px radius</spacing>",
				`<spacing>4 px base unit</spacing><accent name="Teal" hex="#7FA9AE"/>`)
		}},
		{"brackets that are not slots", func(t *testing.T, g string) string {
			return edit(t, g, "Rename a list.", "Rename a list via PATCH with user[list_name]; press [Enter] to save; a [ ] box becomes [x] [auth_required].")
		}},
		{"template syntax in content", func(t *testing.T, g string) string {
			return edit(t, g, "Add notes to a task in a side panel.", "Add notes to a task in a side panel; a note may say {{task.title}} or list TODO items.")
		}},
		{"roles by another name", func(t *testing.T, g string) string {
			g = edit(t, g, `<role name="admin">`, `<role name="Administrator">`)
			return edit(t, g, "(requires admin role)", "(requires Admins role; role: administrators)")
		}},
		{"role words that are not roles", func(t *testing.T, g string) string {
			return addFeature(t, g, feature("F-031", "Role change", "An admin can change the role of a user; only the signed-in owner can rename a list.", okCriterion))
		}},
		{"join table named after the tables it joins", func(t *testing.T, g string) string {
			return edit(t, g, "    </tables>", "      <list_tasks>\n        - list_id (integer, references lists)\n        - task_id (integer, references tasks)\n      </list_tasks>\n    </tables>")
		}},
		{"escaped text and entities", func(t *testing.T, g string) string {
			return edit(t, g, "Search task titles and notes across all lists.", "Search titles &amp; notes (results &lt; 200 ms) &#38; more.")
		}},
		{"EARS criterion", func(t *testing.T, g string) string {
			return addFeature(t, g, feature("F-031", "Archive lists", "Members archive a list they no longer use.",
				"WHEN a member archives a list THE SYSTEM SHALL remove it from the sidebar and keep its tasks."))
		}},
		{"CRLF line endings", func(t *testing.T, g string) string { return strings.ReplaceAll(g, "\n", "\r\n") }},
		{"byte order mark", func(t *testing.T, g string) string { return "\ufeff" + g }},
		{"comments and CDATA", func(t *testing.T, g string) string {
			return edit(t, g, "<core_features>", "<!-- ===== Features & more < ===== -->\n  <core_features>")
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			data := tc.spec(t, good)
			init := goodInitializer(t)
			if strings.Contains(data, "<feature_count>31</feature_count>") {
				init = strings.ReplaceAll(init, "30", "31")
			}
			r := Check([]byte(data), []byte(init))
			if len(r.Problems) != 0 {
				t.Errorf("want no problems, got:\n%s", dump(r.Problems))
			}
			if r.Score != 100 {
				t.Errorf("score %d, want 100: %v", r.Score, r.Reasons)
			}
		})
	}
}

// Initializers say many numbers that are not the count.
func TestInitializerNumbersThatAreNotCounts(t *testing.T) {
	good := goodSpec(t)
	init := goodInitializer(t) + "\nOnly 1 feature runs at a time; 3 features can run in parallel.\n" +
		"All tiers require exactly 5 infrastructure features (indices 0-4).\n" +
		"Simple apps: ~150 tests. At least 25 tests MUST have 10+ steps. The first 5 features set up the project.\n"
	if r := Check([]byte(good), []byte(init)); len(r.Problems) != 0 {
		t.Errorf("want no problems, got:\n%s", dump(r.Problems))
	}
	// A total that disagrees is still caught.
	r := Check([]byte(good), []byte(goodInitializer(t)+"\nThe list holds 40 features in total.\n"))
	expect(t, r.Problems, want{SeverityWarning, -1, "speaks of 40 features"})
}

// A spec without feature_count takes the count its initializer states,
// in the phrasings of the reference's lineage.
func TestCountFromInitializer(t *testing.T) {
	spec := cut(t, goodSpec(t), "feature_count")
	for init, n := range map[string]int{
		"You must create exactly **30** features using the tool.\n":                         30,
		"Create `feature_list.json` with 45 detailed end-to-end test cases.\nMinimum 45.\n": 45,
		"Create 50 issues in Linear, one per feature.\n":                                    50,
		"总共至少包含 200 个 features，且每个 feature 都有测试步骤\n至少 25 个测试必须包含 10 步以上\n":                  200,
	} {
		r := Check([]byte(spec), []byte(init))
		if r.Spec.FeatureCount != n || r.Spec.CountFrom != CountFromInitializer {
			t.Errorf("%q: count %d from %q, want %d", init, r.Spec.FeatureCount, r.Spec.CountFrom, n)
		}
		expect(t, r.Problems, want{SeverityWarning, 0, "read from initializer_prompt.md"})
	}
	// Deferring to the spec's feature_count is not a count of its own.
	r := Check([]byte(goodSpec(t)), []byte("The feature count must match the `feature_count` specified in app_spec.txt.\n"))
	if !r.OK() {
		t.Errorf("deferring initializer: %s", dump(r.Problems))
	}
}

// The reference's plain form with a count larger than its lines (one
// line often makes several tests) is fine; smaller, or vastly larger, is
// a warning, not an error.
func TestReferenceFormCounts(t *testing.T) {
	ref := refSpec(t)
	for count, wantMsg := range map[string]string{"30": "", "120": "", "20": "lists 30 features", "400": "more than ten times"} {
		data := edit(t, ref, "<feature_count>30</feature_count>", "<feature_count>"+count+"</feature_count>")
		r := Check([]byte(data), []byte(strings.ReplaceAll(goodInitializer(t), "30", count)))
		ps := without(r.Problems, RuleNoAcceptance, RuleFragment)
		if wantMsg == "" {
			if len(ps) != 0 {
				t.Errorf("count %s: %s", count, dump(ps))
			}
			continue
		}
		only(t, ps, want{SeverityWarning, -1, wantMsg})
	}
}

// The score orders specs the way a reviewer would: a complete spec, however
// many warnings it has, scores above an incomplete one, and a file that is
// no spec at all scores 0.
func TestScoreOrdering(t *testing.T) {
	good, init := goodSpec(t), goodInitializer(t)
	var b strings.Builder
	for i := range 40 {
		b.WriteString(feature(fmt.Sprintf("F-%03d", 31+i), "X", "Do it.", ""))
	}
	many := edit(t, good, "    </experience>", b.String()+"\n    </experience>")
	many = edit(t, many, "<feature_count>30</feature_count>", "<feature_count>70</feature_count>")
	many = edit(t, many, "password_hash (text)", "password (text)")
	warned := Check([]byte(many), []byte(strings.ReplaceAll(init, "30", "70")))
	broken := Check([]byte(edit(t, good, "<project_name>Tidy</project_name>", "<project_name>YOUR_PROJECT_NAME</project_name>")), []byte(init))
	stub := Check([]byte("<project_specification>See SPEC.md.</project_specification>"), []byte(init))
	if !warned.OK() || warned.Score < 100-maxWarningCost || warned.Score <= broken.Score {
		t.Errorf("complete with warnings %d (ok %v), incomplete %d", warned.Score, warned.OK(), broken.Score)
	}
	if broken.Score != maxWithErrors || stub.Score != 0 {
		t.Errorf("one error %d, want %d; stub %d, want 0", broken.Score, maxWithErrors, stub.Score)
	}
	sum := 100
	for _, r := range warned.Reasons {
		sum += r.Points
	}
	if sum != warned.Score {
		t.Errorf("reasons add up to %d, score %d: %v", sum, warned.Score, warned.Reasons)
	}
}
