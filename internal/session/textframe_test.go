package session

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/specwright/specwright/internal/chat"
)

func TestTextFramesAreJSONMarshalsBytes(t *testing.T) {
	for _, s := range []string{
		"", "plain", "quote \" and \\ backslash", "<b>&amp;</b>", "line\nbreak\r\ttab\b\f",
		"\x00\x01\x1f\x7f", "é ñ 日本語 🎉", "\u2028\u2029", "bad \xff utf-8 \xc3", "t1733333333123456789 ",
	} {
		want, err := json.Marshal(chat.Event{Type: chat.EventText, Content: s})
		if err != nil {
			t.Fatal(err)
		}
		f := textFrames(s)
		if !bytes.Equal(f.V1, want) || !bytes.Equal(f.V2, want) || f.Seq != 0 {
			t.Errorf("textFrames(%q) = %s, want %s", s, f.V1, want)
		}
	}
}

func FuzzTextFrames(f *testing.F) {
	f.Add("hello <world> & \"you\"\n")
	f.Add("\xff\u2028")
	f.Fuzz(func(t *testing.T, s string) {
		want, _ := json.Marshal(chat.Event{Type: chat.EventText, Content: s})
		if got := textFrames(s).V1; !bytes.Equal(got, want) {
			t.Fatalf("textFrames(%q) = %s, want %s", s, got, want)
		}
	})
}

func BenchmarkTextFrame(b *testing.B) {
	b.Run("append", func(b *testing.B) {
		for b.Loop() {
			textFrames("t1733333333123456789 ")
		}
	})
	b.Run("json.Marshal", func(b *testing.B) {
		for b.Loop() {
			encode(chat.Event{Type: chat.EventText, Content: "t1733333333123456789 "})
		}
	})
}
