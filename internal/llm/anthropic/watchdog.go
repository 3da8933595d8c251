package anthropic

import (
	"errors"
	"io"
	"net/http"

	"github.com/anthropics/anthropic-sdk-go/option"

	"github.com/specwright/specwright/internal/llm"
)

// errStalled is the cause a watchdog cancels the call with.
var errStalled = errors.New("no data from the server within the stall timeout")

// attempt is what the last HTTP attempt of a call got back.
type attempt struct {
	status    int // 0 when no response arrived
	requestID string
}

// watched times each attempt and its body with the stall watchdog w, and
// records in last what the attempt got back.
func watched(w *llm.Watchdog, last *attempt) option.Middleware {
	return func(req *http.Request, next option.MiddlewareNext) (*http.Response, error) {
		*last = attempt{}
		w.Arm()
		res, err := next(req)
		w.Disarm()
		if err == nil && res != nil {
			*last = attempt{status: res.StatusCode, requestID: res.Header.Get("request-id")}
			if res.Body != nil {
				res.Body = &watchedBody{ReadCloser: res.Body, w: w}
			}
		}
		return res, err
	}
}

type watchedBody struct {
	io.ReadCloser
	w *llm.Watchdog
}

func (b *watchedBody) Read(p []byte) (int, error) {
	b.w.Arm()
	defer b.w.Disarm()
	return b.ReadCloser.Read(p)
}
