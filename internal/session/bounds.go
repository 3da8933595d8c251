package session

import (
	"fmt"
	"unicode/utf8"

	"github.com/specwright/specwright/internal/chat"
	"github.com/specwright/specwright/internal/llm"
)

// Defaults of what one model reply may carry. A legitimate reply stays far
// below them: the output budget of a round trip (MaxTokens) is about
// 130 KB of text, and a spec of 1,000 features about 400 KB.
const (
	defaultMaxReplyText  = 512 << 10 // one text block
	defaultMaxToolInput  = 1 << 20   // one tool call's input
	defaultMaxTurnOutput = 8 << 20   // everything the model sends in one turn
)

// bounds is what the adapters are asked to keep of a reply.
func (s *Service) bounds() llm.Bounds {
	return llm.Bounds{Text: s.cfg.MaxReplyText, ToolInput: s.cfg.MaxToolInput}
}

// bounded is a reply cut to the bounds: what is stored and re-sent.
type bounded struct {
	content []chat.Block
	refused map[string]string // tool call id → the error result the model gets
	note    string            // what the user is told, "" when nothing was cut
	size    int               // bytes of text and tool input kept
}

// bound applies the reply bounds to content, whether or not the adapter
// did (cut lists the blocks it cut, with the bytes the model sent): a
// text block keeps its beginning and says it was cut, a tool call past
// the bound keeps an empty input and is refused with an error the model
// reads. Nothing past a bound is stored, so nothing past it is re-sent.
// For an agent, which ran its tools itself (ran), the input is only
// dropped from what is stored.
func (s *Service) bound(content []chat.Block, cut map[int]int, ran bool) bounded {
	var b bounded
	for i, blk := range content {
		sent, wasCut := cut[i]
		switch blk.Type {
		case chat.BlockText:
			if wasCut || llm.Over(len(blk.Text), s.cfg.MaxReplyText) {
				sent = max(sent, len(blk.Text))
				blk.Text = clip(blk.Text, s.cfg.MaxReplyText)
				b.note += fmt.Sprintf("\n\n[specwright: the model's text went on past %s (%s sent), so the rest was dropped.]", size(s.cfg.MaxReplyText), size(sent))
			}
			b.size += len(blk.Text)
		case chat.BlockToolUse:
			if wasCut || llm.Over(len(blk.Input), s.cfg.MaxToolInput) {
				sent = max(sent, len(blk.Input))
				blk.Input = []byte("{}")
				if ran {
					b.note += fmt.Sprintf("\n\n[specwright: the model's %s call carried %s, over the limit of %s; it is not kept in the transcript.]", blk.Name, size(sent), size(s.cfg.MaxToolInput))
					break
				}
				if b.refused == nil {
					b.refused = map[string]string{}
				}
				b.refused[blk.ID] = fmt.Sprintf("Not run: the input of this %s call was %s, over the limit of %s for one tool call. Write large files in several smaller steps (Write a first part, then Edit to add the rest).", blk.Name, size(sent), size(s.cfg.MaxToolInput))
				b.note += fmt.Sprintf("\n\n[specwright: the model's %s call carried %s, over the limit of %s, so it was refused and the model was told.]", blk.Name, size(sent), size(s.cfg.MaxToolInput))
			}
		}
		if blk.Type == chat.BlockToolUse {
			b.size += len(blk.Input)
		}
		b.content = append(b.content, blk)
	}
	if b.note != "" {
		b.content = append(b.content, chat.TextBlock(b.note[2:]))
	}
	return b
}

// clip cuts s to at most n bytes at a rune boundary.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// size renders a byte count for people.
func size(n int) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%d KiB", n>>10)
	default:
		return fmt.Sprintf("%d bytes", n)
	}
}
