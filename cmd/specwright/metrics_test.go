package main

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// The metrics the service pushes and the provider requests the transport
// sees come out of GET /metrics in Prometheus' text format.
func TestMetricsExposition(t *testing.T) {
	m := newMetrics()
	m.TurnFinished("done", 2*time.Second)
	m.TurnFinished("error", time.Second)
	m.FirstChunk(30 * time.Millisecond)
	m.Chunk(40)
	m.Chunk(2)
	m.SpecCompleted()

	upstream := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(529)
	}))
	defer upstream.Close()
	client := &http.Client{Transport: m.transport(http.DefaultTransport)}
	for i := range 2 {
		req, _ := http.NewRequest("POST", upstream.URL, nil)
		if i > 0 {
			req.Header.Set("X-Stainless-Retry-Count", "1")
		}
		res, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
	}

	rec := httptest.NewRecorder()
	m.handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	body, _ := io.ReadAll(rec.Body)
	for _, want := range []string{
		`specwright_turns_finished_total{outcome="done"} 1`,
		`specwright_turns_finished_total{outcome="error"} 1`,
		`specwright_turn_duration_seconds_count 2`,
		`specwright_time_to_first_chunk_seconds_count 1`,
		`specwright_chunks_streamed_total 2`,
		`specwright_bytes_streamed_total 42`,
		`specwright_spec_versions_completed_total 1`,
		`specwright_provider_requests_total{status="529"} 2`,
		`specwright_provider_retries_total 1`,
		`go_goroutines`,
	} {
		if !strings.Contains(string(body), want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
}
