package chat

import "encoding/json"

// Role says who produced a Message.
type Role string

// The two roles of a model conversation.
const (
	RoleUser      Role = "user"
	RoleAssistant Role = "assistant"
)

// BlockType names the kind of a content Block.
type BlockType string

// The content block kinds. They follow the Anthropic Messages API, which
// every provider adapter translates to and from.
const (
	BlockText       BlockType = "text"
	BlockImage      BlockType = "image"
	BlockToolUse    BlockType = "tool_use"
	BlockToolResult BlockType = "tool_result"
)

// Message is one entry of the conversation a model sees.
type Message struct {
	Role    Role    `json:"role"`
	Content []Block `json:"content"`
	// Hidden marks messages the user never typed (the kick-off, the
	// server's validation feedback); they are not counted or shown.
	Hidden bool `json:"hidden,omitempty"`
}

// Block is one piece of a Message. Which fields are set depends on Type.
type Block struct {
	Type BlockType `json:"type"`

	Text string `json:"text,omitempty"` // text

	MediaType string `json:"media_type,omitempty"` // image: image/jpeg or image/png
	Data      string `json:"data,omitempty"`       // image: base64

	ID    string          `json:"id,omitempty"`    // tool_use
	Name  string          `json:"name,omitempty"`  // tool_use
	Input json.RawMessage `json:"input,omitempty"` // tool_use

	ToolUseID string `json:"tool_use_id,omitempty"` // tool_result
	IsError   bool   `json:"is_error,omitempty"`    // tool_result
	// Text carries a tool_result's content.
}

// TextBlock returns a text block.
func TextBlock(s string) Block { return Block{Type: BlockText, Text: s} }

// ToolResult returns a tool_result block answering the tool call id.
func ToolResult(id, content string, isError bool) Block {
	return Block{Type: BlockToolResult, ToolUseID: id, Text: content, IsError: isError}
}

// ToolUses returns the tool_use blocks of m.
func (m Message) ToolUses() []Block {
	var out []Block
	for _, b := range m.Content {
		if b.Type == BlockToolUse {
			out = append(out, b)
		}
	}
	return out
}

// Text returns the concatenated text blocks of m.
func (m Message) Text() string {
	var s string
	for _, b := range m.Content {
		if b.Type == BlockText {
			s += b.Text
		}
	}
	return s
}
