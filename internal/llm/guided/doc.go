// Package guided is specwright's interviewer without a model: a
// deterministic, offline [llm.Provider] that walks the user through the
// same phases as the model prompt and writes a valid spec from the
// answers. It is the default when no model is configured.
//
// The session engine drives it exactly as it drives Claude. Each Stream
// call returns text (streamed through onText in word groups and repeated
// as a text block), AskUserQuestion tool calls for the structured
// questions, and Write tool calls for prompts/app_spec.txt and
// prompts/initializer_prompt.md.
//
// # Phases
//
//  1. Greeting (on the hidden kick-off): says that this is guided mode
//     and how to switch to a model, then asks for the overview in plain
//     text.
//  2. Involvement: quick or detailed.
//  3. Technology: frontend, backend and database, each with a
//     recommended default; detailed mode adds styling, live updates and
//     hosting.
//  4. Features: the common areas (accounts, roles, sharing, search,
//     dashboards…) as multiple-choice questions, then the main
//     activities as a free-text list; detailed mode asks what people
//     create or manage. Each activity becomes features (create, list,
//     edit and delete where it names a thing people manage), next to the
//     areas' standard features, infrastructure, interface and error
//     handling.
//  5. Feature count: the count derived from those features, confirmed or
//     adjusted (more detail, or smaller).
//  6. Success criteria (and, detailed, the look).
//  7. Review: a summary and "Generate the spec files now?". Changes are
//     taken in plain text, one per line, and the plan is shown again.
//  8. Generation: both files are written; the closing text says so.
//  9. After completion, each message is a change: the files are
//     rewritten with it. Validation feedback from the engine makes it
//     write both files again.
//
// # No state
//
// A Provider holds nothing. Every reply is computed from the request's
// conversation: the answers are replayed, in order, into the interview's
// state. Tool call ids carry the step that asked ("guided_tech_5"), so a
// result is matched to its question even after a restart. The same
// conversation always gets the same reply, and the same answers always
// give the same files.
//
// User text is never trusted to be well formed: it is reduced to valid
// XML characters, escaped, and stripped of what reads as a template
// placeholder; empty or unusable answers fall back to the defaults.
package guided
