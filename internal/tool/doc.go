// Package tool implements the file tools a model may call — Read, Write,
// Edit, Glob — with the names and input shapes of Claude Code's tools, and
// the schema of AskUserQuestion, whose execution belongs to the session
// engine. Every file operation goes through a sandbox.Dir; a tool failure
// is a result the model reads, never a crash.
package tool
