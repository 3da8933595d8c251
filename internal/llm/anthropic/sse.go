package anthropic

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"unicode/utf8"

	"github.com/anthropics/anthropic-sdk-go"
)

// maxEventLine bounds one line of the stream, as the SDK's reader does.
const maxEventLine = 32 << 20

// sseReader reads the events of a text/event-stream body, reusing its
// buffers: the SDK's reader allocated a buffer and a string per event.
// Like the SDK's, it joins data lines with "\n", ignores comments and
// fields other than event and data, and drops an event cut off by the end
// of the body.
type sseReader struct {
	r    *bufio.Reader
	name []byte // the event field of the event being read
	data []byte
	long []byte // a line longer than the reader's buffer
}

func newSSEReader(body io.Reader) *sseReader {
	return &sseReader{r: bufio.NewReaderSize(body, 16<<10)}
}

// next returns the next event's name and data, valid until the following
// call; io.EOF at the end of the body.
func (s *sseReader) next() (name, data []byte, err error) {
	s.name, s.data = s.name[:0], s.data[:0]
	for {
		line, err := s.line()
		if err != nil {
			return nil, nil, err
		}
		if len(line) == 0 {
			if len(s.name) == 0 && len(s.data) == 0 {
				continue
			}
			return s.name, s.data, nil
		}
		field, value, _ := bytes.Cut(line, []byte(":"))
		if len(value) > 0 && value[0] == ' ' {
			value = value[1:]
		}
		switch string(field) {
		case "event":
			s.name = append(s.name[:0], value...)
		case "data":
			s.data = append(s.data, value...)
			s.data = append(s.data, '\n')
		}
	}
}

// line returns the next line without its end (\n or \r\n).
func (s *sseReader) line() ([]byte, error) {
	line, err := s.r.ReadSlice('\n')
	if errors.Is(err, bufio.ErrBufferFull) {
		s.long = append(s.long[:0], line...)
		for errors.Is(err, bufio.ErrBufferFull) {
			if len(s.long) > maxEventLine {
				return nil, fmt.Errorf("a line of the event stream is longer than %d bytes", maxEventLine)
			}
			line, err = s.r.ReadSlice('\n')
			s.long = append(s.long, line...)
		}
		line = s.long
	}
	if err != nil {
		if errors.Is(err, io.EOF) && len(line) > 0 {
			err = io.ErrUnexpectedEOF // a last line without its end: the event is cut off
		}
		return nil, err
	}
	line = line[:len(line)-1]
	if n := len(line); n > 0 && line[n-1] == '\r' {
		line = line[:n-1]
	}
	return line, nil
}

// inStreamError is the error an "event: error" carries, built as the
// SDK builds it: an *anthropic.Error with the response's status and
// request id, or a plain error when the data is not an API error.
func inStreamError(res *http.Response, data []byte) error {
	e := &anthropic.Error{Request: res.Request, Response: res, StatusCode: res.StatusCode,
		RequestID: res.Header.Get("request-id"), WorkspaceID: res.Header.Get("anthropic-workspace-id")}
	if e.UnmarshalJSON(data) != nil {
		return fmt.Errorf("received error while streaming: %s", data)
	}
	return e
}

// decodeEvent decodes one event's data into ev. A text delta in the shape
// the API sends it, {"type":"content_block_delta","index":N,"delta":
// {"type":"text_delta","text":"…"}}, is read directly, since it is almost
// every event of a reply; anything else goes through encoding/json.
func decodeEvent(data []byte, ev *event) error {
	*ev = event{}
	if idx, text, ok := textDelta(data); ok {
		ev.Type, ev.Index = "content_block_delta", idx
		ev.Delta.Type, ev.Delta.Text = "text_delta", text
		return nil
	}
	return json.Unmarshal(data, ev)
}

var (
	deltaHead = []byte(`{"type":"content_block_delta","index":`)
	deltaMid  = []byte(`,"delta":{"type":"text_delta","text":"`)
)

// textDelta reads a text delta event of the API's exact shape; ok is false
// for anything else, which encoding/json then decodes (or rejects).
func textDelta(data []byte) (index int64, text string, ok bool) {
	rest, ok := bytes.CutPrefix(data, deltaHead)
	if !ok {
		return 0, "", false
	}
	i := 0
	for i < len(rest) && i < 9 && rest[i] >= '0' && rest[i] <= '9' {
		i++
	}
	if i == 0 || (i > 1 && rest[0] == '0') {
		return 0, "", false
	}
	index, _ = strconv.ParseInt(string(rest[:i]), 10, 64)
	if rest, ok = bytes.CutPrefix(rest[i:], deltaMid); !ok {
		return 0, "", false
	}
	// The string runs to the first quote that no backslash escapes.
	escaped := false
	end := -1
	for j := 0; j < len(rest); j++ {
		c := rest[j]
		switch {
		case c < 0x20:
			return 0, "", false // invalid in a JSON string: let encoding/json say so
		case c == '\\':
			escaped = true
			j++ // skip the escaped byte
		case c == '"':
			end = j
		}
		if end >= 0 {
			break
		}
	}
	if end < 0 || !closesDelta(rest[end+1:]) {
		return 0, "", false
	}
	raw := rest[:end]
	if escaped || !utf8.Valid(raw) {
		// Escapes and invalid UTF-8 are encoding/json's to interpret.
		var s string
		if json.Unmarshal(append([]byte{'"'}, rest[:end+1]...), &s) != nil {
			return 0, "", false
		}
		return index, s, true
	}
	return index, string(raw), true
}

// closesDelta reports whether b is "}}" and white space: the end of a
// text delta event (bytes.TrimRight would build a set per call).
func closesDelta(b []byte) bool {
	n := len(b)
	for n > 0 && (b[n-1] == ' ' || b[n-1] == '\t' || b[n-1] == '\r' || b[n-1] == '\n') {
		n--
	}
	return n == 2 && b[0] == '}' && b[1] == '}'
}
