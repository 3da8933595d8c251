// Package openai is the llm.Provider for any OpenAI-compatible Chat
// Completions endpoint: OpenAI itself, Ollama's /v1, vLLM, llama.cpp's
// llama-server, LM Studio, OpenRouter and the like.
//
// One Stream call is one streamed POST {BaseURL}/chat/completions with
// "stream": true and "stream_options": {"include_usage": true}. The
// neutral request is translated to the wire format: the system prompt as
// the first message, assistant tool_use blocks as tool_calls whose
// arguments are JSON strings, each tool_result as a "role": "tool"
// message right after the call it answers, and images as image_url parts
// holding data: URLs. Text deltas are handed to the caller as they
// arrive, and the reply comes back as text followed by tool_use blocks.
//
// # Why no SDK
//
// This is a small client on net/http, not github.com/openai/openai-go.
// The SDK adds about 26 MB to the binary and two minutes to a cold
// compile on the two cores we build on, and its ChatCompletionAccumulator
// merges Ollama's parallel tool calls, which all arrive with "index": 0,
// into one call with invalid arguments. The wire format we need is one
// request body and one stream of JSON chunks; owning it, text mode
// included, costs about 0.2 MB of binary and lets the parser be as
// tolerant as the servers require.
//
// # Tolerance
//
// The "OpenAI-compatible" servers differ, so the stream reader assumes
// little. Comment lines (": keep-alive", ": OPENROUTER PROCESSING") are
// skipped. Tool-call fragments are assembled per slot: a fragment opens a
// new call when its index is new, when it carries an id other than the
// one its index holds (Ollama's parallel calls at index 0), or when it
// names a function for a slot that already holds a complete call without
// ids. Missing ids are generated, empty arguments become {}, and
// arguments that are not a JSON object are passed on wrapped as
// {"invalid_json_arguments": "…"}, so the tool rejects them with a
// message the model can act on. A finish_reason of "stop" on a reply
// with calls counts as tool use. A stream that ends after its
// finish_reason but without [DONE] is accepted.
//
// When the server refuses a request with a 400 (or 422) that names a
// parameter it does not take, the call is repeated once without it:
// tool_choice, stream_options, or max_tokens swapped for
// max_completion_tokens and back. A "max_tokens is too large … at most N"
// answer caps the budget at N, and vLLM's "N in the messages, M in the
// completion" answer caps it at what fits. What the server refused is
// remembered for the Provider's later calls.
//
// # Models that cannot call tools
//
// When the server says the model does not support tools (Ollama's "…
// does not support tools", vLLM's "auto tool choice requires
// --enable-auto-tool-choice", llama.cpp's "tools param requires --jinja"),
// the Provider switches to text mode for good: requests carry no tools,
// and the system prompt gains an instruction to ask questions in plain
// text and to write each file as a fenced block tagged with its path:
//
//	````file:prompts/app_spec.txt
//	<project_specification>…</project_specification>
//	````
//
// Such blocks are cut out of the streamed text and come back as Write
// tool_use blocks, so the session engine writes and verifies the files as
// it does for any model. Earlier tool calls and results in the
// conversation are rendered as text for the model in this mode.
//
// # Context size
//
// Ollama's OpenAI endpoint cannot set the context size: a model runs with
// the num_ctx of its Modelfile or the server's OLLAMA_CONTEXT_LENGTH, and
// a prompt longer than that is cut silently. The interview's system
// prompt and tools take several thousand tokens, so a small default
// context loses instructions. The provider cannot see this on the wire;
// specwright's provider choice says so when it picks Ollama, and a server
// that reports the overflow gets ErrContextTooLong with the settings to
// raise.
//
// # Errors
//
// Failures come back as *llm.Error with a Message written for the user
// that names the cause: a rejected key (naming OPENAI_API_KEY), an
// unknown model (naming it, with "ollama pull" for Ollama), a wrong base
// URL, rate limits, overload, server failures, a conversation too long
// for the model, an unreachable server (naming the base URL), an error
// chunk inside the stream, a chunk that is not JSON, a stream cut short,
// and a stream that stays silent for StallTimeout. Connection failures
// (but not an unknown host or a refused certificate), 408, 409, 429
// (but not a spent quota) and 5xx are retried MaxRetries times with
// exponential backoff, honouring retry-after-ms, Retry-After (seconds or
// a date) and x-should-retry; a server that asks for a wait longer than
// a minute is not retried. The caller's cancellation comes back as the
// context's error, not as an *llm.Error. The API key never appears in an error, and the package
// reads no environment variables.
package openai
