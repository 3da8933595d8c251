// Package tool implements the file tools a model may call — Read, Write,
// Edit, Glob — with the names and input shapes of Claude Code's tools, and
// the schema of AskUserQuestion, whose execution belongs to the session
// engine. Every file operation goes through a sandbox.Dir; a tool failure
// is a result the model reads, never a crash.
//
// A Set groups the tools offered in a conversation: Specs describes them
// to the model and Run executes a call by name. Inputs are decoded
// strictly (one JSON object, no unknown fields, required fields present),
// and every problem — bad input, a refused path, a missing file, an edit
// that does not apply — comes back as a Result with IsError set and a
// message that tells the model what to do instead. Messages name files by
// their path relative to the project folder, never by its absolute path.
//
// Edit is a read, an exact-text replacement in memory and an atomic write
// that is refused if the file changed since the read. Unlike Claude
// Code's, it does not create files from an empty old_string: Write does
// that.
package tool
