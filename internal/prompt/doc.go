// Package prompt holds the words specwright gives a model: the interview
// instructions (the system prompt), the hidden kick-off message, and the
// template of initializer_prompt.md with its [FEATURE_COUNT] placeholder.
// All are embedded in the binary.
package prompt
