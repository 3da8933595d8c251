package main

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/specwright/specwright/internal/llm"
	"github.com/specwright/specwright/internal/session"
)

// metrics is the Prometheus side of GET /metrics: it implements
// session.Metrics (pushed by the service), wraps the provider's HTTP
// transport, the provider and the store, and reads gauges from the
// service when scraped. Nothing outside cmd/specwright imports
// Prometheus.
type metrics struct {
	reg *prometheus.Registry

	turnsFinished *prometheus.CounterVec
	turnDuration  prometheus.Histogram
	queueWait     prometheus.Histogram
	firstChunk    prometheus.Histogram
	chunks        prometheus.Counter
	bytes         prometheus.Counter
	specs         prometheus.Counter
	requests      *prometheus.CounterVec
	retries       prometheus.Counter
	tokens        *prometheus.CounterVec
	store         *prometheus.HistogramVec
}

var _ session.Metrics = (*metrics)(nil)

func newMetrics() *metrics {
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	f := func(c prometheus.Collector) { reg.MustRegister(c) }
	m := &metrics{reg: reg}
	// Turns last seconds to minutes; first chunks and store calls less.
	turnBuckets := prometheus.ExponentialBuckets(0.25, 2, 12) // 0.25 s … 8.5 min
	fastBuckets := prometheus.ExponentialBuckets(0.001, 2.5, 12)
	m.turnsFinished = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "specwright_turns_finished_total", Help: "Runs of turns that ended, by outcome: done, question, interrupted, cancelled, error."}, []string{"outcome"})
	m.turnDuration = prometheus.NewHistogram(prometheus.HistogramOpts{Name: "specwright_turn_duration_seconds", Help: "How long a run of a turn ran, queueing not included.", Buckets: turnBuckets})
	m.queueWait = prometheus.NewHistogram(prometheus.HistogramOpts{Name: "specwright_turn_queue_wait_seconds", Help: "How long a turn waited for a free slot (0 for most).", Buckets: fastBuckets})
	m.firstChunk = prometheus.NewHistogram(prometheus.HistogramOpts{Name: "specwright_time_to_first_chunk_seconds", Help: "From a turn's start to its first streamed text (time to first token).", Buckets: fastBuckets})
	m.chunks = prometheus.NewCounter(prometheus.CounterOpts{Name: "specwright_chunks_streamed_total", Help: "Streamed text chunks published."})
	m.bytes = prometheus.NewCounter(prometheus.CounterOpts{Name: "specwright_bytes_streamed_total", Help: "Bytes of the streamed text frames published (once per chunk, however many sockets watch)."})
	m.specs = prometheus.NewCounter(prometheus.CounterOpts{Name: "specwright_spec_versions_completed_total", Help: "Versions of spec files found complete (spec_complete sent)."})
	m.requests = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "specwright_provider_requests_total", Help: "HTTP requests to the model provider, by status (\"error\" when no response came)."}, []string{"status"})
	m.retries = prometheus.NewCounter(prometheus.CounterOpts{Name: "specwright_provider_retries_total", Help: "Provider requests that were retries of a failed attempt."})
	m.tokens = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "specwright_tokens_total", Help: "Tokens the provider reported, by kind: input, output, cache_read, cache_write."}, []string{"kind"})
	m.store = prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "specwright_store_seconds", Help: "Latency of store calls, by operation.", Buckets: fastBuckets}, []string{"op"})
	for _, c := range []prometheus.Collector{m.turnsFinished, m.turnDuration, m.queueWait, m.firstChunk, m.chunks, m.bytes, m.specs, m.requests, m.retries, m.tokens, m.store} {
		f(c)
	}
	return m
}

// watch registers the gauges read from the service at each scrape.
func (m *metrics) watch(svc *session.Service) {
	gauge := func(name, help string, v func(session.Stats) int) {
		m.reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: name, Help: help}, func() float64 { return float64(v(svc.Stats())) }))
	}
	gauge("specwright_sockets_open", "WebSocket connections open.", func(s session.Stats) int { return s.Sockets })
	gauge("specwright_turns_running", "Turns running now.", func(s session.Stats) int { return s.Running })
	gauge("specwright_turns_queued", "Turns waiting for a free slot.", func(s session.Stats) int { return s.Queued })
	m.reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "specwright_sessions_active", Help: "Projects with an active session (one store query per scrape)."}, func() float64 {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		names, err := svc.ActiveProjects(ctx)
		if err != nil {
			return -1
		}
		return float64(len(names))
	}))
}

func (m *metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
}

func (m *metrics) TurnFinished(outcome string, d time.Duration) {
	m.turnsFinished.WithLabelValues(outcome).Inc()
	m.turnDuration.Observe(d.Seconds())
}
func (m *metrics) TurnQueued(d time.Duration) { m.queueWait.Observe(d.Seconds()) }
func (m *metrics) FirstChunk(d time.Duration) { m.firstChunk.Observe(d.Seconds()) }
func (m *metrics) Chunk(bytes int) {
	m.chunks.Inc()
	m.bytes.Add(float64(bytes))
}
func (m *metrics) SpecCompleted() { m.specs.Inc() }

// transport counts the provider's HTTP requests by status, and the
// retries among them: the Anthropic SDK numbers each attempt in the
// X-Stainless-Retry-Count header.
func (m *metrics) transport(next http.RoundTripper) http.RoundTripper {
	return roundTripper(func(req *http.Request) (*http.Response, error) {
		if n, err := strconv.Atoi(req.Header.Get("X-Stainless-Retry-Count")); err == nil && n > 0 {
			m.retries.Inc()
		}
		res, err := next.RoundTrip(req)
		status := "error"
		if err == nil {
			status = strconv.Itoa(res.StatusCode)
		}
		m.requests.WithLabelValues(status).Inc()
		return res, err
	})
}

type roundTripper func(*http.Request) (*http.Response, error)

func (f roundTripper) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// provider counts the tokens each round trip reports.
func (m *metrics) provider(p llm.Provider) llm.Provider { return &countingProvider{Provider: p, m: m} }

type countingProvider struct {
	llm.Provider
	m *metrics
}

func (p *countingProvider) Stream(ctx context.Context, req llm.Request, onText func(string)) (llm.Reply, error) {
	reply, err := p.Provider.Stream(ctx, req, onText)
	if err == nil {
		u := reply.Usage
		for kind, n := range map[string]int64{"input": u.InputTokens, "output": u.OutputTokens, "cache_read": u.CacheReadTokens, "cache_write": u.CacheWriteTokens} {
			if n > 0 {
				p.m.tokens.WithLabelValues(kind).Add(float64(n))
			}
		}
	}
	return reply, err
}

// providerTransport is the default transport with room for one idle
// connection per concurrent stream: with the default two per host, every
// turn beyond two opened a new connection to the provider.
func providerTransport() http.RoundTripper {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConnsPerHost = 1024
	return t
}
