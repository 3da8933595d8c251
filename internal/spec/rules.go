package spec

// The rules, by the name a Problem carries. Errors mean the spec is not
// complete; warnings lower the readiness score.
const (
	// Errors.
	RuleEmpty          = "empty"           // the file is empty or not UTF-8
	RuleSyntax         = "syntax"          // the XML cannot be read, even repaired
	RuleElementName    = "element-name"    // an element name XML does not allow
	RuleNotSpec        = "not-a-spec"      // Markdown, a stub, a wrong root, two roots
	RuleMissingSection = "missing-section" // a required section is missing and not declared not applicable
	RuleNoFeatures     = "no-features"     // no feature list anywhere
	RuleNoCount        = "no-count"        // no feature count in either file
	RuleBadCount       = "bad-count"       // a count that is not a whole number in range
	RulePlaceholder    = "placeholder"     // template text left in place
	RuleDuplicateID    = "duplicate-id"    // two features share an ID
	RuleInitializer    = "initializer"     // initializer_prompt.md: empty, placeholder, count missing

	// Warnings.
	RuleEscape          = "escape"       // an unescaped '&' or '<', a fence, an unclosed tag, repaired
	RuleOutside         = "outside-root" // text before or after the root element
	RuleLegacyName      = "legacy-name"  // an element name from the lineage instead of ours
	RuleCountFromInit   = "count-in-initializer"
	RuleCountMismatch   = "count-mismatch"   // feature_count and the features listed disagree
	RuleNoAcceptance    = "no-acceptance"    // a feature without acceptance criteria
	RuleFeatureID       = "feature-id"       // a missing or malformed feature ID, a dependency on an unknown one
	RuleFragment        = "fragment"         // a feature of three words or fewer, or a heading
	RuleDuplicate       = "duplicate"        // duplicate or near-duplicate features
	RuleOrphanEndpoint  = "orphan-endpoints" // an endpoint area with no table or feature behind it
	RuleUnusedTable     = "unused-table"     // a table no feature or endpoint uses
	RuleUndefinedRole   = "undefined-role"   // a role used but not defined
	RuleMissingService  = "missing-service"  // a feature needs an outside service the prerequisites lack
	RulePlaintextSecret = "plaintext-credentials"
	RuleDerivedTable    = "derived-table" // a derived value (a total, a streak) stored as a table
	RuleRecommended     = "recommended"   // a recommended section or part missing
	RuleEmptyElement    = "empty-element"
	RuleOrder           = "order" // sections out of order or repeated
	RuleSteps           = "steps" // steps badly numbered, without title or tasks
	RuleTemplateName    = "template-name"
)
