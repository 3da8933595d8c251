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
//     text. The name the person gives ("Pantry Pal is …", a Markdown
//     heading, "called …") becomes project_name; the overview is kept
//     as prose, Markdown removed.
//  2. Involvement: quick or detailed.
//  3. Technology: frontend, backend, database and hosting, each with a
//     recommended default; detailed mode adds styling and live updates.
//  4. Features: the common areas (accounts, roles, sharing, search,
//     dashboards…) as multiple-choice questions, then the main
//     activities as a free-text list, read the way people write lists
//     (lines, bullets, numbers, commas, "and"); detailed mode asks what
//     people create or manage.
//  5. The shape of the app (model.go, build.go, shape.go): who uses it
//     (each kind of person becomes a role), what each thing holds
//     (fields with types inferred from their names: dates, times,
//     durations, money, ratings, images, lists, references) and how the
//     things relate. Quick mode proposes all three and asks once, one
//     structured question each; detailed mode asks who uses the app in
//     the person's words, then about each thing (four to a question),
//     then the links. Typed corrections ("recipes: title, ingredients",
//     "a meal plan has recipes", "an appointment belongs to a patient")
//     replace the proposal. Near-synonyms are merged and the merge is
//     shown; derived values (a streak, a total) become computed fields.
//  6. Feature count, success criteria (and, detailed, the look), review.
//  7. Generation: the spec is a spec.Spec built from the model and
//     written with spec.Format: features per role with Given/When/Then
//     criteria that carry the person's rules and numbers, stable IDs
//     (F-001…), tables and endpoints derived from the things, outside
//     services in the prerequisites, infrastructure for the hosting.
//  8. Changes, at the review or after completion, are edits of the
//     model (revise.go): renames reach every part, removals take their
//     features, endpoints and tables, additions get new IDs past the
//     highest ever given, the rest keep theirs; a line it cannot read
//     is asked back, never pasted. Validation feedback from the engine
//     makes it write both files again.
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
