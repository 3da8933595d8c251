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

	// Who may talk to the server.
	AllowRemote    bool
	AllowedHosts   []string
	AllowedOrigins []string
	Token          string
	TokenFile      string

	// Limits.
	StallTimeout         time.Duration
	MaxRunning           int
	MaxToolCalls         int
	MaxSocketsPerProject int
	MessageRate          float64
	ReadLimit            int64

	// RequireProjects closes a WebSocket on a project not created first.
	RequireProjects bool
	// Layout is where new projects keep their spec files.
	Layout string
}

func cmdServe(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var cfg serveConfig
	fs.StringVar(&cfg.Addr, "addr", "127.0.0.1:8888", "address to listen on")
	fs.StringVar(&cfg.DataDir, "data-dir", defaultDataDir(getenv), "folder for the database and the projects")
	fs.StringVar(&cfg.Provider, "provider", "", "model provider: anthropic, openai, claudecli or guided (default: the first found; see `specwright providers`)")
	fs.StringVar(&cfg.Model, "model", "", "model name (default: the provider's default)")
	fs.StringVar(&cfg.LogLevel, "log-level", "info", "log level: debug, info, warn or error")
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
	fs.DurationVar(&cfg.StallTimeout, "stall-timeout", 0, "fail a model reply that sends nothing for this long (default: the provider's, 90s; 5m for a local server)")
	fs.IntVar(&cfg.MaxRunning, "max-running", 64, "turns that may run at once, across all projects")
	fs.IntVar(&cfg.MaxToolCalls, "max-tool-calls", 200, "tool calls one turn may make")
	fs.IntVar(&cfg.MaxSocketsPerProject, "max-sockets", 16, "WebSocket connections one project may have open")
	fs.Float64Var(&cfg.MessageRate, "message-rate", 10, "messages a second one WebSocket may send (bursts of three times as many)")
	fs.Int64Var(&cfg.ReadLimit, "ws-read-limit", 8<<20, "largest WebSocket message accepted, in bytes")
	fs.StringVar(&cfg.Layout, "layout", "prompts", "where a new project's spec files go: prompts (prompts/) or autoforge (.autoforge/prompts/); a project that already has a spec keeps its folder")
	fs.BoolVar(&cfg.RequireProjects, "require-projects", false, "close a WebSocket on a project that does not exist with 4004, instead of creating it on start (create projects with POST /api/projects)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "specwright serve: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	promptsDir, ok := map[string]string{"prompts": session.PromptsDir, "autoforge": session.AutoForgePromptsDir}[cfg.Layout]
	if !ok {
		fmt.Fprintf(stderr, "specwright serve: --layout must be prompts or autoforge, not %q\n", cfg.Layout)
		return 2
	}
	cfg.Layout = promptsDir
	if err := serve(ctx, cfg, getenv, stdout, stderr); err != nil {
		fmt.Fprintf(stderr, "specwright serve: %v\n", err)
		return 1
	}
	return 0
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

func newLogger(level string, w io.Writer) (*slog.Logger, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(level)); err != nil {
		return nil, fmt.Errorf("log level %q: use debug, info, warn or error", level)
	}
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: l})), nil
}

func serve(ctx context.Context, cfg serveConfig, getenv func(string) string, stdout, stderr io.Writer) error {
	log, err := newLogger(cfg.LogLevel, stderr)
	if err != nil {
		return err
	}
	provider, choice, err := chooseProvider(cfg, getenv, lookPath, probeURL, log)
	if err != nil {
		return err
	}
	projects := filepath.Join(cfg.DataDir, "projects")
	if err := os.MkdirAll(projects, 0o755); err != nil {
		return fmt.Errorf("create data folder: %w", err)
	}
	store, err := sqlite.Open(ctx, filepath.Join(cfg.DataDir, "specwright.db"))
	if err != nil {
		return err
	}
	defer store.Close()

	guard, launch, err := guardConfig(&cfg, getenv)
	if err != nil {
		return err
	}
	docs := document.New() // starts nothing until the first PDF
	defer docs.Close()
	scfg := session.Config{
		Store: store, ProjectsDir: projects, Logger: log,
		MaxRunning: cfg.MaxRunning, MaxToolCalls: cfg.MaxToolCalls,
		Documents: docs, PromptsDir: cfg.Layout,
	}
	switch b := provider.(type) {
	case llm.Agent:
		scfg.Agent = b
	case llm.Provider:
		scfg.Provider = b
	default:
		return fmt.Errorf("provider %s runs neither a model nor an agent", provider.Name())
	}
	svc := session.New(scfg)
	base, closeSockets := context.WithCancel(context.Background())
	defer closeSockets()
	srv := &http.Server{
		Handler: httpapi.Guard(guard, httpapi.NewServer(httpapi.Config{
			Sessions: svc, Logger: log, Base: base, ProviderChoice: choice, UI: webui.Handler(),
			ReadLimit: cfg.ReadLimit, MaxSocketsPerProject: cfg.MaxSocketsPerProject,
			MessageRate: cfg.MessageRate, MessageBurst: int(3 * cfg.MessageRate),
			RequireProjects: cfg.RequireProjects,
		})),
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return err
	}
	addr := ln.Addr().String()
	fmt.Fprintf(stdout, "specwright listening on http://%s (provider %s%s, data in %s)\n",
		addr, provider.Name(), modelSuffix(provider.Model()), cfg.DataDir)
	if launch {
		// Printed, never logged: the token is the key to the server.
		fmt.Fprintf(stdout, "Open http://%s/?token=%s (the API needs \"Authorization: Bearer <token>\")\n", addr, guard.Token)
	}

	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	svc.Close() // running turns store what they have and end
	closeSockets()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	return nil
}

func modelSuffix(model string) string {
	if strings.TrimSpace(model) == "" {
		return ""
	}
	return ", model " + model
}
