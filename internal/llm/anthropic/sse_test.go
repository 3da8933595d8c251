package anthropic

import (
	"encoding/json"
	"io"
	"reflect"
	"strings"
	"testing"
)

// The fast path for text deltas decodes exactly what encoding/json
// decodes, and leaves everything else to it.
func TestTextDeltaMatchesEncodingJSON(t *testing.T) {
	for _, data := range []string{
		`{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hello"}}`,
		`{"type":"content_block_delta","index":12,"delta":{"type":"text_delta","text":"a \"quoted\" \\ word\n\u00e9\ud83c\udf89"}}` + "\n",
		`{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"bad utf-8 ` + "\xff" + `"}}`,
		`{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":""}}`,
		`{"type":"content_block_delta","index":01,"delta":{"type":"text_delta","text":"x"}}`,
		`{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"x"},"extra":1}`,
		`{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"ctl ` + "\x01" + `"}}`,
		`{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"unterminated}}`,
		`{"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":"{\"a\""}}`,
		`{"type":"message_stop"}`,
	} {
		var want event
		wantErr := decodeJSON(data, &want)
		var got event
		err := decodeEvent([]byte(data), &got)
		if (err != nil) != (wantErr != nil) || !reflect.DeepEqual(got, want) {
			t.Errorf("%s:\n got %+v, %v\nwant %+v, %v", data, got, err, want, wantErr)
		}
	}
}

func FuzzTextDelta(f *testing.F) {
	f.Add(`Hello`)
	f.Add(`a \"b\" \\ \n \u00e9 \ud83c`)
	f.Fuzz(func(t *testing.T, text string) {
		data := `{"type":"content_block_delta","index":3,"delta":{"type":"text_delta","text":"` + text + `"}}`
		var want, got event
		wantErr := decodeJSON(data, &want)
		err := decodeEvent([]byte(data), &got)
		if (err != nil) != (wantErr != nil) || !reflect.DeepEqual(got, want) {
			t.Fatalf("%q: got %+v, %v; want %+v, %v", data, got, err, want, wantErr)
		}
	})
}

func decodeJSON(data string, ev *event) error {
	*ev = event{}
	return jsonUnmarshal([]byte(data), ev)
}

func TestSSEReader(t *testing.T) {
	body := ": comment\n\nevent: ping\ndata: {}\n\nevent: message_start\r\ndata: {\"a\":\r\ndata: 1}\r\n\r\nid: 7\ndata: x\n\nevent: cut\ndata: {"
	r := newSSEReader(strings.NewReader(body))
	type ev struct{ name, data string }
	var got []ev
	for {
		name, data, err := r.next()
		if err != nil {
			if err != io.ErrUnexpectedEOF {
				t.Fatalf("err = %v, want the cut-off event reported", err)
			}
			break
		}
		got = append(got, ev{string(name), string(data)})
	}
	want := []ev{{"ping", "{}\n"}, {"message_start", "{\"a\":\n1}\n"}, {"", "x\n"}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("events = %q, want %q", got, want)
	}
}

func BenchmarkDecodeTextDelta(b *testing.B) {
	data := []byte(`{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"t1733333333123456789 "}}`)
	var ev event
	b.Run("fast", func(b *testing.B) {
		for b.Loop() {
			decodeEvent(data, &ev)
		}
	})
	b.Run("encoding/json", func(b *testing.B) {
		for b.Loop() {
			ev = event{}
			jsonUnmarshal(data, &ev)
		}
	})
}

func jsonUnmarshal(data []byte, v any) error { return json.Unmarshal(data, v) }
