package chat

import "encoding/json"

// ToolSpec describes a tool offered to the model: the tools say what they
// are with it, and the model adapters pass it on in their providers'
// wire formats.
type ToolSpec struct {
	Name        string
	Description string
	// Schema is the JSON Schema of the tool's input: an object schema.
	Schema json.RawMessage
}
