// Package spec is the one place that knows what a spec says: the two
// files an interview produces, prompts/app_spec.txt (XML) and
// prompts/initializer_prompt.md. docs/spec-format.md is the format's
// contract; this package implements it.
//
// [Parse] reads app_spec.txt into a [Spec]: the project, its stack and
// prerequisites, roles, features (with IDs, names, acceptance criteria
// and dependencies) by category, tables with their fields, endpoint
// areas, steps, and free-form sections kept as [Section] trees. Reading
// is tolerant, the way a person reads a model's output: unescaped '&'
// and '<', stray or unclosed tags and a Markdown fence are repaired, and
// the element names of the reference's lineage are understood, each
// reported as a warning that says what was read. [Format] writes a Spec
// back in the canonical form, so a caller that edits the model (the
// guided interview, a restore) never writes XML by hand.
//
// [Check] reads both files and returns a [Report]: every [Problem] in
// one pass, each with its file, line, rule (the Rule constants), message
// and a hint written so that it can be fed back to the model that wrote
// the file; and a readiness score from 0 to 100 with the reasons that
// lowered it. A problem of severity [SeverityError] means the spec is not
// complete; a warning is something a careful reviewer would question
// that does not block the build. The heuristics behind the warnings are
// cautious: a good spec gets none, and an unusual but sound one few.
// They were tuned on real specs that people build from.
//
// Everything here is pure and linear in the input: callers read the
// files and pass the bytes in. The package imports only the standard
// library so that the server, the command line, the exports and any
// user interface can share it.
package spec
