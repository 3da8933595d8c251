package session

import (
	"unicode/utf8"

	"github.com/specwright/specwright/internal/chat"
)

// textFrames encodes a streamed text delta, the one event sent per chunk,
// by appending bytes: through chat.Event's MarshalJSON it was reflected
// over and encoded twice (the marshaler's output is parsed again), which
// showed in the profile of a streaming server. The bytes are exactly
// json.Marshal's for chat.Event{Type: EventText, Content: delta}; the
// test holds both to that.
func textFrames(delta string) Frames {
	b := make([]byte, 0, len(`{"type":"text","content":""}`)+len(delta)+8)
	b = append(b, `{"type":"`...)
	b = append(b, chat.EventText...)
	b = append(b, `","content":`...)
	b = appendJSONString(b, delta)
	b = append(b, '}')
	return Frames{V1: b, V2: b}
}

const hexDigits = "0123456789abcdef"

// appendJSONString appends s as a JSON string the way encoding/json
// writes it: HTML-safe (<, > and & escaped), U+2028 and U+2029 escaped,
// invalid UTF-8 replaced by U+FFFD.
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
