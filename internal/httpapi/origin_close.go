package httpapi

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"time"

	"github.com/coder/websocket"

	"github.com/specwright/specwright/internal/chat"
)

// closeOriginRefused is the reference's close code for a WebSocket whose
// Origin is not allowed.
const closeOriginRefused websocket.StatusCode = 4403

// refuseOrigin answers a request whose Origin the guard refuses. REST and
// anything that is not a WebSocket handshake get 403. A WebSocket
// handshake is accepted only to say why: one error frame, then close
// 4403, so that a browser learns the reason (a refused handshake shows it
// only as 1006). It runs inside the guard, so the request never reaches
// the API: nothing is read from the socket and no project is touched.
func refuseOrigin(w http.ResponseWriter, r *http.Request) {
	if !isWebSocketHandshake(r) {
		deny(w, http.StatusForbidden, "Origin not allowed")
		return
	}
	h := w.Header()
	h.Del("Access-Control-Allow-Origin")
	h.Del("Access-Control-Allow-Credentials")
	conn, err := websocket.Accept(w, r, &websocket.AcceptOptions{
		CompressionMode: websocket.CompressionDisabled,
		// The guard has decided: the library's check must not answer 403
		// instead of the close code.
		InsecureSkipVerify: true,
	})
	if err != nil {
		return // Accept has answered the client
	}
	conn.SetReadLimit(1 << 10)
	msg := "Origin not allowed"
	frame, _ := json.Marshal(chat.Event{Type: chat.EventError, Content: msg})
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	conn.Write(ctx, websocket.MessageText, frame)
	conn.Close(closeOriginRefused, msg)
}

// isWebSocketHandshake reports whether r is a WebSocket opening
// handshake: GET with Upgrade: websocket.
func isWebSocketHandshake(r *http.Request) bool {
	return r.Method == http.MethodGet && hasToken(r.Header.Values("Upgrade"), "websocket")
}

// hasToken reports whether one of the comma-separated header values
// holds tok, compared without regard to case.
func hasToken(values []string, tok string) bool {
	for _, v := range values {
		for t := range strings.SplitSeq(v, ",") {
			if strings.EqualFold(strings.TrimSpace(t), tok) {
				return true
			}
		}
	}
	return false
}
