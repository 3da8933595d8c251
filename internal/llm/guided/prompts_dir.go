package guided

import (
	"encoding/json"
	"strings"

	"github.com/specwright/specwright/internal/chat"
)

// relayout moves the interview's files from prompts/ to dir (the
// project's layout, such as .autoforge/prompts): the paths of its writes
// and the paths its text names. The interview itself is written for
// prompts/ and reads no path back, so this is the one place that knows.
func relayout(blocks []chat.Block, dir string) []chat.Block {
	dir = strings.Trim(dir, "/")
	if dir == "" || dir == "prompts" {
		return blocks
	}
	move := func(s string) string { return strings.ReplaceAll(s, "prompts/", dir+"/") }
	for i, b := range blocks {
		switch b.Type {
		case chat.BlockText:
			blocks[i].Text = move(b.Text)
		case chat.BlockToolUse:
			var in map[string]any
			if json.Unmarshal(b.Input, &in) != nil {
				continue
			}
			if p, ok := in["file_path"].(string); ok && strings.HasPrefix(p, "prompts/") {
				in["file_path"] = dir + "/" + strings.TrimPrefix(p, "prompts/")
				if data, err := json.Marshal(in); err == nil {
					blocks[i].Input = data
				}
			}
		}
	}
	return blocks
}
