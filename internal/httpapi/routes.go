package httpapi

import (
	"context"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"golang.org/x/sync/semaphore"

	"github.com/specwright/specwright/internal/session"
)

// Config holds the server's dependencies and settings.
type Config struct {
	Sessions *session.Service
	Logger   *slog.Logger
	// ReadLimit caps one inbound WebSocket message (default 8 MiB: one
	// 5 MiB image as base64 with room to spare).
	ReadLimit int64
	// Base is the parent context of every socket; cancelling it closes
	// them all with 1001 (going away). Defaults to context.Background().
	Base context.Context
	// ProviderChoice, if set, is shown by GET /api/info as "choice": how
	// the provider was chosen (it must hold no secret).
	ProviderChoice any
	// Version and Commit, if set, are shown by GET /api/info: the build
	// the server runs.
	Version, Commit string
	// UI serves everything outside /api/ (the embedded web UI); nil
	// serves nothing there.
	UI http.Handler
	// QueueLen bounds the frames waiting to be written to one socket
	// (default 256, about 6 KiB a socket); a client that falls further
	// behind is dropped.
	QueueLen int
	// MaxSocketsPerProject bounds the sockets open on one project
	// (default 16), MaxSocketsPerClient those of one client address (an
	// IPv6 client's /64; default DefaultMaxSocketsPerClient) and
	// MaxSockets those of the whole server (default DefaultMaxSockets). Past any of them a socket is refused with
	// 1013 and the reason, before anything is read from it.
	MaxSocketsPerProject int
	MaxSocketsPerClient  int
	MaxSockets           int
	// ReadBudget bounds the bytes of inbound messages read and being
	// handled at once, across every socket (default 32 MiB, and never
	// below ReadLimit). A message it cannot pay for within a second
	// closes its socket with 1013 and the reason, the rest unread.
	ReadBudget int64
	// MessageRate and MessageBurst bound the messages a socket may send
	// (default 10 a second, bursts of 30).
	MessageRate  float64
	MessageBurst int
	// PingInterval is how often a socket is pinged; a peer that does not
	// answer within the same time is closed (default 30 s).
	PingInterval time.Duration
	// Metrics, if set, serves GET /metrics (Prometheus text format).
	Metrics http.Handler
	// Sockets, if set, counts the open sockets, so that a caller shutting
	// down (cancelling Base) can wait for them to say goodbye: they are
	// hijacked, so http.Server.Shutdown does not.
	Sockets *sync.WaitGroup
	// RequireProjects refuses a WebSocket on a project that does not
	// exist (close 4004) instead of creating it on start: projects are
	// then created with POST /api/projects first.
	RequireProjects bool
}

// NewServer returns the handler of the whole API.
func NewServer(cfg Config) http.Handler {
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.ReadLimit <= 0 {
		cfg.ReadLimit = 8 << 20
	}
	if cfg.Base == nil {
		cfg.Base = context.Background()
	}
	if cfg.QueueLen <= 0 {
		cfg.QueueLen = 256
	}
	if cfg.MaxSocketsPerProject <= 0 {
		cfg.MaxSocketsPerProject = 16
	}
	if cfg.MaxSocketsPerClient <= 0 {
		cfg.MaxSocketsPerClient = DefaultMaxSocketsPerClient
	}
	if cfg.MaxSockets <= 0 {
		cfg.MaxSockets = DefaultMaxSockets
	}
	if cfg.ReadBudget <= 0 {
		cfg.ReadBudget = 32 << 20
	}
	// One message of the read limit must always fit; the library reads a
	// byte past it.
	cfg.ReadBudget = max(cfg.ReadBudget, cfg.ReadLimit+1)
	if cfg.MessageRate <= 0 {
		cfg.MessageRate = 10
	}
	if cfg.MessageBurst <= 0 {
		cfg.MessageBurst = 30
	}
	if cfg.PingInterval <= 0 {
		cfg.PingInterval = 30 * time.Second
	}
	s := &server{
		cfg: cfg, svc: cfg.Sessions, log: cfg.Logger,
		admission: newAdmission(cfg.MaxSockets, cfg.MaxSocketsPerClient, cfg.MaxSocketsPerProject),
		budget:    semaphore.NewWeighted(cfg.ReadBudget),
	}
	mux := http.NewServeMux()

	// The reference protocol.
	mux.HandleFunc("GET /api/spec/sessions", s.listSessions)
	mux.HandleFunc("GET /api/spec/sessions/{name}", s.getSession)
	mux.HandleFunc("DELETE /api/spec/sessions/{name}", s.cancelSession)
	mux.HandleFunc("GET /api/spec/status/{name}", s.specStatus)
	mux.HandleFunc("GET /api/spec/ws/{name}", s.websocket)

	// Extensions (docs/protocol.md).
	mux.HandleFunc("GET /api/spec/transcript/{name}", s.transcript)
	mux.HandleFunc("GET /api/info", s.info)
	mux.HandleFunc("GET /api/projects", s.listProjects)
	mux.HandleFunc("POST /api/projects", s.createProject)
	mux.HandleFunc("GET /api/projects/{name}/spec", s.projectSpec)
	mux.HandleFunc("GET /api/projects/{name}/export", s.exportSpec)
	mux.HandleFunc("PATCH /api/projects/{name}", s.renameProject)
	mux.HandleFunc("DELETE /api/projects/{name}", s.deleteProject)
	mux.HandleFunc("GET /api/projects/{name}/versions", s.listVersions)
	mux.HandleFunc("GET /api/projects/{name}/versions/{n}", s.getVersion)
	mux.HandleFunc("POST /api/projects/{name}/versions/{n}/restore", s.restoreVersion)
	mux.HandleFunc("GET /api/projects/{name}/diff", s.diffVersions)
	mux.HandleFunc("GET /api/projects/{name}/provenance", s.provenance)
	mux.HandleFunc("GET /api/projects/{name}/sessions", s.listProjectSessions)
	mux.HandleFunc("GET /api/projects/{name}/sessions/{id}", s.projectSession)
	mux.HandleFunc("GET /api/health", s.health)
	mux.HandleFunc("GET /api/ready", s.ready)
	if cfg.Metrics != nil {
		mux.Handle("GET /metrics", cfg.Metrics)
	}

	mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusNotFound, detail{"Not found"})
	})
	if cfg.UI != nil {
		mux.Handle("/", cfg.UI)
	}
	return mux
}

type server struct {
	cfg Config
	svc *session.Service
	log *slog.Logger

	admission *admission
	budget    *semaphore.Weighted // bytes of inbound messages (budget.go)
}
