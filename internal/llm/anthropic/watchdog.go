package anthropic

import (
	"errors"
	"io"
	"net/http"
	"time"

	"github.com/anthropics/anthropic-sdk-go/option"
)

// errStalled is the cause a watchdog cancels the call with.
var errStalled = errors.New("no data from the server within the stall timeout")

// watchdog cancels a call when the network stays silent too long. Its
// clock runs only while the call waits on the server (for response
// headers, or inside a body Read), so neither the SDK's retry delays nor
// a slow onText count as silence, and every byte, pings included, counts
// as life.
type watchdog struct {
	d time.Duration
	t *time.Timer
}

func newWatchdog(d time.Duration, fire func()) *watchdog {
	t := time.AfterFunc(d, fire)
	t.Stop()
	return &watchdog{d: d, t: t}
}

func (w *watchdog) arm()    { w.t.Reset(w.d) }
func (w *watchdog) disarm() { w.t.Stop() }
func (w *watchdog) stop()   { w.t.Stop() }

// attempt is what the last HTTP attempt of a call got back.
type attempt struct {
	status    int // 0 when no response arrived
	requestID string
}

// middleware times each attempt and its body, and records in last what
// the attempt got back.
func (w *watchdog) middleware(last *attempt) option.Middleware {
	return func(req *http.Request, next option.MiddlewareNext) (*http.Response, error) {
		*last = attempt{}
		w.arm()
		res, err := next(req)
		w.disarm()
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
	w *watchdog
}

func (b *watchedBody) Read(p []byte) (int, error) {
	b.w.arm()
	defer b.w.disarm()
	return b.ReadCloser.Read(p)
}
