// Package llm is the provider-neutral contract between the session engine
// and a model: a Request of messages and tools, one streamed round trip,
// a Reply, and errors classified into kinds the engine can act on.
//
// The engine runs the tool loop; an adapter only translates one round
// trip to and from its wire format. Adapters live in sub-packages and
// never import each other.
package llm
