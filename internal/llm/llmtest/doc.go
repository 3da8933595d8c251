// Package llmtest fakes model providers over loopback HTTP, speaking their
// real wire formats, so that adapters and end-to-end tests exercise the same
// bytes a live provider would send.
//
// [Anthropic] is a fake of the Anthropic Messages API (POST /v1/messages).
// It records every request and answers each with a [Response] chosen by a
// [Handler]; [Script] answers a fixed sequence. The Response builders
// produce the server-sent event sequence the API documents:
//
//	event: message_start        the message, empty content, input usage
//	event: ping                 keep-alive, anywhere in the stream
//	event: content_block_start  per block: text, or tool_use with input {}
//	event: content_block_delta  text_delta, or input_json_delta fragments
//	event: content_block_stop
//	event: message_delta        stop_reason and cumulative output usage
//	event: message_stop
//
// and the failures a client must survive: HTTP errors with the API's JSON
// error body ([Status]), an "event: error" after a 200 ([StreamError]), a
// connection cut in the middle of an event ([Truncated]), a data line that
// is not JSON ([Malformed]) and a stream that goes quiet ([Stall]).
//
// Requests without "stream": true get the same reply folded into one JSON
// message, as the API would send it, so non-streaming clients work too.
//
// [OpenAI] is a fake of an OpenAI-compatible Chat Completions endpoint
// (POST /v1/chat/completions, with GET /v1/models and Ollama's /api/tags):
// "data:" chunks ending with "data: [DONE]", keep-alive comments, an
// optional usage chunk, and the same families of failures. [OllamaTools]
// reproduces Ollama's parallel tool calls that all carry index 0.
//
// The fakes never call t.Errorf from its handler goroutines: what goes
// wrong there (a request beyond the script, an unknown path, a panicking
// Handler) is recorded as a problem, reported by the test cleanup that
// [NewAnthropic] registers, and available earlier through
// [Anthropic.TakeProblems].
package llmtest
