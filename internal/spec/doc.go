// Package spec checks the two files an interview produces: the XML
// specification prompts/app_spec.txt and the coding agent's first prompt,
// prompts/initializer_prompt.md. The contract they follow is described in
// the project's design notes (spec-format.md).
//
// Everything here is pure: callers read the files and pass the bytes in,
// and get back a [Report] of [Problem] values. A problem of severity
// [SeverityError] means the spec is not complete and must be fixed; a
// warning points at something a careful reader would question but that
// does not block the build. Every problem carries a hint saying how to fix
// it, written so that it can be fed back to the model that wrote the file.
//
// Errors in app_spec.txt: not UTF-8, not well-formed XML (with every
// unescaped '&' and '<' listed by line, and the corrected text), a root
// other than <project_specification>, a required section or required
// sub-element missing, implementation_steps without a step, and a
// feature_count that is not one whole number from 1 to 1000.
//
// Warnings in app_spec.txt: sections out of order or repeated, template
// placeholders left ([FEATURE_COUNT], [category_name], TBD, "TODO:"),
// empty elements, feature categories without "- " lines, element names
// copied from the template, steps badly numbered or lacking title or
// tasks, roles named in protected routes but not defined, and a
// feature_count below the number of listed features or above ten times
// it.
//
// In initializer_prompt.md: an empty file, the [FEATURE_COUNT]
// placeholder left, or the agreed count missing are errors; a different
// count stated as "N features" is a warning.
//
// The heuristics behind the warnings are deliberately cautious: a good
// spec gets none, and an unusual but sound one should get few.
//
// The package imports only the standard library so that the server, the
// command line and any user interface can share it.
package spec
