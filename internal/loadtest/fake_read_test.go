package loadtest

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strings"
)

// readFake posts one streaming request to the fake and returns the text
// deltas and the stop reason, as an Anthropic client would read them.
func readFake(ctx context.Context, base string) (texts []string, stop string, err error) {
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, base+"/v1/messages", strings.NewReader(`{"stream":true}`))
	resp, err := loopbackClient.Do(req)
	if err != nil {
		return nil, "", err
	}
	defer resp.Body.Close()
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		data, ok := bytes.CutPrefix(sc.Bytes(), []byte("data: "))
		if !ok {
			continue
		}
		var ev struct {
			Type  string
			Delta struct {
				Text       string
				StopReason string `json:"stop_reason"`
			}
		}
		if err := json.Unmarshal(data, &ev); err != nil {
			return nil, "", err
		}
		switch ev.Type {
		case "content_block_delta":
			texts = append(texts, ev.Delta.Text)
		case "message_delta":
			stop = ev.Delta.StopReason
		}
	}
	return texts, stop, sc.Err()
}
