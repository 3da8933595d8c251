// Package loadtest drives streaming interviews against a running server
// and a fake Anthropic endpoint it controls, and measures what the server
// costs: CPU per streamed chunk (read from /proc), the latency each chunk
// gains on its way (the fake stamps every token with its send time), the
// time to the first chunk, and the memory an idle session holds.
//
// It is a library so that the command (cmd/specwright-load) and `make
// bench` share one implementation; it only ever listens and dials on
// 127.0.0.1, and every loop in it is bounded by a count or a deadline.
package loadtest
