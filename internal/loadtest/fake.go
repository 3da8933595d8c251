package loadtest

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"sync/atomic"
	"time"
)

// Fake is an Anthropic Messages endpoint on a loopback port that answers
// every streaming request with Tokens text deltas, Interval apart. Each
// delta is a stamp, "t<unix nanoseconds> ", written just before it is
// sent, so a client can tell how long the server under test held it.
type Fake struct {
	URL      string
	Tokens   int
	Interval time.Duration

	requests atomic.Int64
	srv      *http.Server
	ln       net.Listener
}

// StartFake listens on addr, a 127.0.0.1 address ("127.0.0.1:0" for any
// port), and serves until Close.
func StartFake(addr string, tokens int, interval time.Duration) (*Fake, error) {
	if host, _, err := net.SplitHostPort(addr); err != nil || host != "127.0.0.1" {
		return nil, fmt.Errorf("the fake listens on 127.0.0.1 only, not %q", addr)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	f := &Fake{URL: "http://" + ln.Addr().String(), Tokens: tokens, Interval: interval, ln: ln}
	f.srv = &http.Server{Handler: http.HandlerFunc(f.serve), ReadHeaderTimeout: 10 * time.Second}
	go f.srv.Serve(ln)
	return f, nil
}

// Requests reports how many messages requests the fake has answered.
func (f *Fake) Requests() int64 { return f.requests.Load() }

// Close stops the fake and drops its connections.
func (f *Fake) Close() error { return f.srv.Close() }

// The fixed parts of the stream, as the real API sends them.
const (
	sseStart = "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_load\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"fake\",\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":10,\"output_tokens\":1}}}\n\n" +
		"event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n"
	sseDeltaHead = "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"t"
	sseDeltaTail = " \"}}\n\n"
	sseEndHead   = "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n" +
		"event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":"
	sseEndTail = "}}\n\nevent: message_stop\ndata: {\"type\":\"message_stop\"}\n\n"
)

func (f *Fake) serve(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost || r.URL.Path != "/v1/messages" {
		http.Error(w, `{"type":"error","error":{"type":"not_found_error","message":"only POST /v1/messages"}}`, http.StatusNotFound)
		return
	}
	// The request is read whole, as a real server would, and not decoded:
	// the fake's own CPU is not what is measured, but it shares the machine.
	if _, err := io.Copy(io.Discard, r.Body); err != nil {
		return
	}
	f.requests.Add(1)
	h := w.Header()
	h.Set("content-type", "text/event-stream; charset=utf-8")
	h.Set("request-id", "req_load")
	w.WriteHeader(http.StatusOK)
	rc := http.NewResponseController(w)
	io.WriteString(w, sseStart)
	if rc.Flush() != nil {
		return
	}
	ctx := r.Context()
	tick := time.NewTicker(f.Interval)
	defer tick.Stop()
	buf := make([]byte, 0, 256)
	for i := 0; i < f.Tokens; i++ {
		if !wait(ctx, tick.C) {
			return
		}
		buf = append(buf[:0], sseDeltaHead...)
		buf = strconv.AppendInt(buf, time.Now().UnixNano(), 10)
		buf = append(buf, sseDeltaTail...)
		if _, err := w.Write(buf); err != nil || rc.Flush() != nil {
			return
		}
	}
	buf = append(buf[:0], sseEndHead...)
	buf = strconv.AppendInt(buf, int64(f.Tokens), 10)
	buf = append(buf, sseEndTail...)
	w.Write(buf)
	rc.Flush()
}

func wait(ctx context.Context, c <-chan time.Time) bool {
	select {
	case <-c:
		return true
	case <-ctx.Done():
		return false
	}
}

// stamp returns the send time carried by a streamed text, as written by
// Fake, or 0 when the text carries none.
func stamp(text string) int64 {
	for i := 0; i < len(text); i++ {
		if text[i] != 't' {
			continue
		}
		j := i + 1
		for j < len(text) && text[j] >= '0' && text[j] <= '9' {
			j++
		}
		if j-i > 10 {
			n, err := strconv.ParseInt(text[i+1:j], 10, 64)
			if err == nil {
				return n
			}
		}
	}
	return 0
}
