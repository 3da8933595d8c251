package loadtest

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"github.com/coder/websocket"
)

// frame is the part of a server message a client looks at.
type frame struct {
	Type    string `json:"type"`
	Content string `json:"content"`
}

// turnStats is what one client measured.
type turnStats struct {
	chunks   int
	latency  []time.Duration // receive time minus the fake's stamp, per chunk
	firstTTC []time.Duration // per turn: from sending to the first chunk
	queued   int             // queued events seen (protocol version 2)
}

// client is one WebSocket session on one project.
type client struct {
	conn *websocket.Conn
	v2   bool
}

func dial(ctx context.Context, base, project string, v2 bool) (*client, error) {
	u := base + "/api/spec/ws/" + project
	if v2 {
		u += "?v=2"
	}
	conn, _, err := websocket.Dial(ctx, u, &websocket.DialOptions{
		HTTPClient: loopbackClient,
		HTTPHeader: http.Header{},
	})
	if err != nil {
		return nil, err
	}
	conn.SetReadLimit(1 << 20)
	return &client{conn: conn, v2: v2}, nil
}

// loopbackClient dials with no proxy and no connection reuse limit.
var loopbackClient = &http.Client{Transport: &http.Transport{Proxy: nil, MaxIdleConnsPerHost: -1}}

func (c *client) close() { c.conn.Close(websocket.StatusNormalClosure, "") }

// turn sends msg and reads until the reply ends. It fails on an error
// message, a closed socket or the deadline in ctx.
func (c *client) turn(ctx context.Context, msg []byte, st *turnStats) error {
	sent := time.Now()
	if err := c.conn.Write(ctx, websocket.MessageText, msg); err != nil {
		return fmt.Errorf("send: %w", err)
	}
	first := true
	var f frame
	for {
		_, data, err := c.conn.Read(ctx)
		if err != nil {
			return fmt.Errorf("read: %w", err)
		}
		now := time.Now()
		f = frame{}
		if err := json.Unmarshal(data, &f); err != nil {
			return fmt.Errorf("bad frame %.100q: %w", data, err)
		}
		switch f.Type {
		case "text":
			st.chunks++
			if first {
				st.firstTTC = append(st.firstTTC, now.Sub(sent))
				first = false
			}
			if ts := stamp(f.Content); ts != 0 {
				st.latency = append(st.latency, time.Duration(now.UnixNano()-ts))
			}
		case "queued":
			st.queued++
		case "response_done":
			return nil
		case "error":
			return fmt.Errorf("server error: %s", f.Content)
		}
	}
}
