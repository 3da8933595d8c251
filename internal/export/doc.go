// Package export renders the spec model ([spec.Spec]) into the formats
// other tools read: a readable Markdown document, the model as JSON, the
// coding agent's feature list (the input of AutoForge's
// feature_create_bulk), a spec-kit spec.md, a Kiro spec folder
// (requirements.md in EARS, design.md, tasks.md) and an OpenSpec specs
// folder.
//
// Every export reads only the model, never the XML, and is deterministic:
// the same spec gives the same bytes, so that exports can be committed,
// diffed and checked by tests. Where a target needs something the spec
// does not say (an ID for a feature written in the reference's plain
// form, a test for a feature without acceptance criteria, a user story's
// role), the export derives it by a fixed rule and says so in a comment
// (or, in JSON, in an "assumptions" list), never silently.
//
// The package imports the standard library and internal/spec only.
package export
