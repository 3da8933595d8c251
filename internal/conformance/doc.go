// Package conformance holds the provider conformance suite, and nothing
// else: its tests run one interview, and one set of failures, against
// every provider with its fake server, over the real HTTP and WebSocket
// server, session engine and SQLite store.
//
// The providers are Anthropic (internal/llm/anthropic against the fake
// Messages API), OpenAI-compatible (internal/llm/openai against the fake
// Chat Completions API), the same adapter against the fake in Ollama's
// manner (parallel tool calls all at index 0, no call ids, the server
// named by Ollama's address), the Claude Code CLI (the llm.Agent of
// internal/llm/claudecli driving the real, pinned CLI that
// SPECWRIGHT_CLAUDE_BIN names, pointed at the same fake Messages API:
// skipped without it, failing when CI is set), and the guided interview
// where it applies (it needs no server and cannot fail). What the CLI
// forces to differ (its own requests, its error texts, a stall timeout
// of at least 10 s, how its broken stream is cut) is in the backend's
// entry of the table, each explained; the protocol messages asserted are
// the same for all. With the CLI, the suite runs itself in a network
// namespace holding only loopback when unshare allows it.
//
// A full interview (greeting, a structured question and its answer,
// free-text turns, both spec files written, verified completion) must
// produce the same sequence of protocol message types on every scripted
// provider, and the guided one must reach the same end by the same
// grammar. A bad key, a rate limit, an overloaded server, a broken
// stream and a stalled stream must each end the turn with an error
// naming the cause, the same on every provider, and leave the session
// usable.
//
// A model that cannot call tools reaches a finished spec through the
// openai adapter's text mode; that is checked here too.
package conformance
