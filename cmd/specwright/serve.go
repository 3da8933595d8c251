package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/specwright/specwright/internal/document"
	"github.com/specwright/specwright/internal/httpapi"
	"github.com/specwright/specwright/internal/llm"
	"github.com/specwright/specwright/internal/session"
	"github.com/specwright/specwright/internal/store/sqlite"
	"github.com/specwright/specwright/internal/webui"
)

// serveConfig is what `specwright serve` runs with.
type serveConfig struct {
	Addr     string
	DataDir  string
	Provider string
	Model    string
	LogLevel string
	Pprof    string // loopback address for the runtime profiles; "" for none
	// HTTPClient is the model providers' client (nil: http.DefaultClient);
	// startServer sets one that is counted for /metrics.
	HTTPClient *http.Client

	// Who may talk to the server.
	AllowRemote    bool
	AllowedHosts   []string
	AllowedOrigins []string
	Token          string
	TokenFile      string

	// Limits.
	StallTimeout         time.Duration
	TurnTimeout          time.Duration
	MaxRunning           int
	MaxQueued            int
	MaxToolCalls         int
	MaxSocketsPerProject int
	MaxSocketsPerClient  int
	MaxSockets           int
	MessageRate          float64
	ReadLimit            int64
	ReadBudget           int64

	// RequireProjects closes a WebSocket on a project not created first.
	RequireProjects bool
	// Layout is where new projects keep their spec files: prompts or
	// autoforge.
	Layout string
}

func cmdServe(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var cfg serveConfig
	serveFlags(fs, &cfg, getenv)
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if err := cfg.validate(); err != nil {
		fmt.Fprintf(stderr, "specwright serve: %v\n", err)
		return 2
	}
	if err := serve(ctx, cfg, getenv, stdout, stderr); err != nil {
		fmt.Fprintf(stderr, "specwright serve: %v\n", err)
		return 1
	}
	return 0
}

// serveFlags defines serve's flags on fs, with their defaults; chat's
// embedded server takes the same defaults from it.
func serveFlags(fs *flag.FlagSet, cfg *serveConfig, getenv func(string) string) {
	fs.StringVar(&cfg.Addr, "addr", "127.0.0.1:8888", "address to listen on, host:port (port 0 picks a free one)")
	fs.StringVar(&cfg.DataDir, "data-dir", defaultDataDir(getenv), "folder for the database and the projects")
	fs.StringVar(&cfg.Provider, "provider", "", "model provider: "+providerNames+" (default: the first found; run \"specwright providers\" to see which)")
	fs.StringVar(&cfg.Model, "model", "", "model name (default: the provider's default)")
	fs.StringVar(&cfg.LogLevel, "log-level", "info", "log level: debug, info, warn or error")
	fs.StringVar(&cfg.Pprof, "pprof", "", "serve the runtime profiles (/debug/pprof/) on this loopback address, such as 127.0.0.1:6060 (default: off)")
	fs.BoolVar(&cfg.AllowRemote, "allow-remote", false, "allow listening on an address other than loopback (a token is then required)")
	fs.Func("allow-host", "a host name clients use to reach the server, besides localhost and loopback IPs (repeatable)", func(v string) error {
		cfg.AllowedHosts = append(cfg.AllowedHosts, v)
		return nil
	})
	fs.Func("allow-origin", "a web origin (scheme://host:port) allowed to use the API from a browser, besides the server's own (repeatable)", func(v string) error {
		cfg.AllowedOrigins = append(cfg.AllowedOrigins, v)
		return nil
	})
	fs.StringVar(&cfg.Token, "token", "", "require this token on every API call (visible to other local users in the process list: prefer SPECWRIGHT_TOKEN or --token-file)")
	fs.StringVar(&cfg.TokenFile, "token-file", "", "read the token from this file (it should be readable only by you)")
	fs.DurationVar(&cfg.StallTimeout, "stall-timeout", 0, "fail a model reply that sends nothing for this long (default: the provider's: 90s; 5m for a local server and for claudecli)")
	fs.DurationVar(&cfg.TurnTimeout, "turn-timeout", session.DefaultTurnTimeout, "stop a turn that runs longer than this, however busy the model keeps it")
	fs.IntVar(&cfg.MaxRunning, "max-running", session.DefaultMaxRunning, "turns that may run at once, across all projects; more wait in a queue")
	fs.IntVar(&cfg.MaxQueued, "max-queued", session.DefaultMaxQueued, "turns that may wait for a free slot; one more is refused")
	fs.IntVar(&cfg.MaxToolCalls, "max-tool-calls", 200, "tool calls one turn may make")
	fs.IntVar(&cfg.MaxSocketsPerProject, "max-sockets", 16, "WebSocket connections one project may have open")
	fs.IntVar(&cfg.MaxSocketsPerClient, "max-sockets-per-client", httpapi.DefaultMaxSocketsPerClient, "WebSocket connections one client address (an IPv6 client's /64) may have open")
	fs.IntVar(&cfg.MaxSockets, "max-sockets-total", httpapi.DefaultMaxSockets, "WebSocket connections the server may have open")
	fs.Float64Var(&cfg.MessageRate, "message-rate", 10, "messages a second one WebSocket may send (bursts of three times as many)")
	fs.Int64Var(&cfg.ReadLimit, "ws-read-limit", 28<<20, "largest WebSocket message accepted, in bytes (a 20 MiB document as base64 fits)")
	fs.Int64Var(&cfg.ReadBudget, "ws-read-budget", 64<<20, "bytes of WebSocket messages the server reads at once, across all sockets (at least --ws-read-limit)")
	fs.StringVar(&cfg.Layout, "layout", "prompts", "where a new project's spec files go: prompts (prompts/) or autoforge (.autoforge/prompts/); a project that already has a spec keeps its folder")
	fs.BoolVar(&cfg.RequireProjects, "require-projects", false, "close a WebSocket on a project that does not exist with 4004, instead of creating it on start (create projects with POST /api/projects)")
}

// defaultDataDir follows the XDG base directory convention.
func defaultDataDir(getenv func(string) string) string {
	if d := getenv("SPECWRIGHT_DATA_DIR"); d != "" {
		return d
	}
	if d := getenv("XDG_DATA_HOME"); d != "" {
		return filepath.Join(d, "specwright")
	}
	if home := getenv("HOME"); home != "" {
		return filepath.Join(home, ".local", "share", "specwright")
	}
	return "specwright-data"
}

func parseLevel(level string) (slog.Level, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(level)); err != nil {
		return l, fmt.Errorf("--log-level %q: use debug, info, warn or error", level)
	}
	return l, nil
}

func newLogger(level string, w io.Writer) (*slog.Logger, error) {
	l, err := parseLevel(level)
	if err != nil {
		return nil, err
	}
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: l})), nil
}

// serve runs the server until ctx ends.
func serve(ctx context.Context, cfg serveConfig, getenv func(string) string, stdout, stderr io.Writer) error {
	log, err := newLogger(cfg.LogLevel, stderr)
	if err != nil {
		return err
	}
	if cfg.Pprof != "" {
		if err := servePprof(ctx, cfg.Pprof, log); err != nil {
			return err
		}
	}
	rs, err := startServer(ctx, cfg, getenv, log)
	if err != nil {
		return err
	}
	where := ""
	if rs.everywhere {
		where = fmt.Sprintf(", on every address of this machine, port %d", rs.port)
	}
	fmt.Fprintf(stdout, "specwright listening on %s (provider %s%s, data in %s%s)\n",
		rs.URL, rs.Provider.Name(), modelSuffix(rs.Provider.Model()), cfg.DataDir, where)
	if rs.Launch {
		// Printed, never logged: the token is the key to the server.
		fmt.Fprintf(stdout, "Open %s/?token=%s (the API needs \"Authorization: Bearer <token>\")\n", rs.URL, rs.Token)
	}
	select {
	case err := <-rs.errc:
		rs.Stop()
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down")
	return rs.Stop()
}

// runningServer is a started server: `serve` runs one until it is told
// to stop, `chat` runs one for the length of a session when no server
// answers.
type runningServer struct {
	Addr     string // host:port as listened on
	URL      string // a URL that reaches it, even when it listens on every address
	Provider backend
	Token    string
	Launch   bool // the token was generated and must be shown

	everywhere bool // listening on the unspecified address
	port       int
	errc       chan error
	stop       func() error
}

// Stop ends running turns (they store what they have), closes the
// sockets, then the store, and frees the data folder.
func (rs *runningServer) Stop() error { return rs.stop() }

// startServer starts serving cfg. Everything that can be refused is
// checked before the data folder is touched: the flags (by the caller),
// who may connect, the provider, and the address, which is listened on
// first; then the data folder is locked for this server alone.
func startServer(ctx context.Context, cfg serveConfig, getenv func(string) string, log *slog.Logger) (rs *runningServer, err error) {
	var undo []func()
	defer func() {
		if err != nil {
			for i := len(undo) - 1; i >= 0; i-- {
				undo[i]()
			}
		}
	}()
	guard, launch, err := guardConfig(&cfg, getenv)
	if err != nil {
		return nil, err
	}
	m := newMetrics()
	cfg.HTTPClient = &http.Client{Transport: m.transport(providerTransport())}
	provider, choice, err := chooseProvider(cfg, getenv, lookPath, probeURL, log)
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return nil, listenError(err, cfg.DataDir)
	}
	undo = append(undo, func() { ln.Close() })
	tcp := ln.Addr().(*net.TCPAddr)
	url := "http://" + reachableAddr(tcp)

	lock, err := lockDataDir(cfg.DataDir, url)
	if err != nil {
		return nil, err
	}
	undo = append(undo, lock.release)
	projects := filepath.Join(cfg.DataDir, "projects")
	if err := os.MkdirAll(projects, 0o755); err != nil {
		return nil, fmt.Errorf("create data folder: %w", err)
	}
	store, err := sqlite.Open(ctx, filepath.Join(cfg.DataDir, "specwright.db"))
	if err != nil {
		return nil, err
	}
	undo = append(undo, func() { store.Close() })

	promptsDir, err := layoutDir(cfg.Layout)
	if err != nil {
		return nil, err
	}
	docs := document.New() // starts nothing until the first PDF
	undo = append(undo, func() { docs.Close() })
	scfg := session.Config{
		Store: m.timeStore(store), ProjectsDir: projects, Logger: log, Metrics: m,
		MaxRunning: cfg.MaxRunning, MaxQueued: cfg.MaxQueued, MaxToolCalls: cfg.MaxToolCalls, TurnTimeout: cfg.TurnTimeout,
		Documents: docs, PromptsDir: promptsDir,
	}
	switch b := provider.(type) {
	case llm.Agent:
		scfg.Agent = b
	case llm.Provider:
		scfg.Provider = m.provider(b)
	default:
		return nil, fmt.Errorf("provider %s runs neither a model nor an agent", provider.Name())
	}
	svc := session.New(scfg)
	m.watch(svc)
	var sockets sync.WaitGroup
	version := readVersion()
	base, closeSockets := context.WithCancel(context.Background())
	srv := &http.Server{
		// The body deadline goes in front of the guard: a refused request's
		// body is still read by net/http after the refusal.
		Handler: httpapi.BodyDeadline(httpapi.Guard(guard, httpapi.NewServer(httpapi.Config{
			Sessions: svc, Logger: log, Base: base, ProviderChoice: choice, UI: webui.Handler(),
			Metrics: m.handler(), Sockets: &sockets, Version: version.Version, Commit: version.Commit,
			ReadLimit: cfg.ReadLimit, ReadBudget: cfg.ReadBudget,
			MaxSocketsPerProject: cfg.MaxSocketsPerProject, MaxSocketsPerClient: cfg.MaxSocketsPerClient, MaxSockets: cfg.MaxSockets,
			MessageRate: cfg.MessageRate, MessageBurst: max(1, int(3*cfg.MessageRate)),
			RequireProjects: cfg.RequireProjects,
		})), httpapi.DefaultBodyTimeout),
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	rs = &runningServer{
		Addr: ln.Addr().String(), URL: url, Provider: provider, Token: guard.Token, Launch: launch,
		everywhere: tcp.IP.IsUnspecified(), port: tcp.Port,
		errc: make(chan error, 1),
	}
	go func() { rs.errc <- srv.Serve(ln) }()
	var once sync.Once
	var stopErr error
	rs.stop = func() error {
		once.Do(func() {
			shutdownCtx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
			defer cancel()
			svc.Close() // running turns store what they have and end
			closeSockets()
			waitFor(&sockets, 2*time.Second) // each flushes and closes with 1001
			if err := srv.Shutdown(shutdownCtx); err != nil {
				stopErr = fmt.Errorf("shutdown: %w", err)
			}
			store.Close()
			docs.Close()
			lock.release()
		})
		return stopErr
	}
	return rs, nil
}

// waitFor waits for wg, for at most d.
func waitFor(wg *sync.WaitGroup, d time.Duration) {
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(d):
	}
}

func modelSuffix(model string) string {
	if strings.TrimSpace(model) == "" {
		return ""
	}
	return ", model " + model
}
