// Package anthropic is the llm.Provider for Claude through the Anthropic
// Messages API, built on the official Go SDK.
//
// One Stream call is one streamed POST /v1/messages: the request is
// translated from the neutral chat vocabulary (text, base64 images,
// tool_use and tool_result blocks), text deltas are handed to the caller
// as they arrive, and the accumulated message comes back as an llm.Reply.
// The SDK builds and sends the request, retries it and reads the SSE
// frames; each event is then decoded into a small struct of this package
// (stream.go) rather than the SDK's union type, whose reflective decoding
// was half the server's CPU per streamed chunk.
// Prompt caching is on: the system prompt, the last tool and the last
// block of the conversation carry cache_control breakpoints, so each round
// trip of a tool loop re-reads the prefix the previous one wrote.
//
// The package reads no environment variables. The caller passes the key
// and base URL in Config, and the SDK's own lookups (ANTHROPIC_API_KEY,
// ANTHROPIC_BASE_URL, profiles, OpenTelemetry switches) are turned off.
//
// Failures come back as *llm.Error with a Message written for the user and
// the cause, with the request id, in Err. The SDK retries connection
// failures, 408, 409, 429 and 5xx (529 included) itself, MaxRetries times
// with the server's retry-after delay; what is left after that is
// classified. An "event: error" after a 200 is not retried by the SDK and
// is classified at once; the engine decides whether to run the turn again.
// A stream that sends nothing for StallTimeout is cancelled as ErrTimeout.
// The API key never appears in an error.
package anthropic
