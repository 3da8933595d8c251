package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/specwright/specwright/internal/termchat"
)

const defaultURL = "http://127.0.0.1:8888"

// cmdChat runs the terminal client: against the server at --url, or,
// when none answers there and --url was not given, against an embedded
// server on the data folder, with the provider serve would choose.
func cmdChat(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("chat", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var emb serveConfig // the embedded server: serve's defaults
	serveFlags(flag.NewFlagSet("embedded", flag.ContinueOnError), &emb, getenv)
	// SPECWRIGHT_URL moves the default; only --url forbids the fallback.
	def := defaultURL
	if u := getenv("SPECWRIGHT_URL"); u != "" {
		def = u
	}
	url := fs.String("url", def, "the specwright server to talk to ($SPECWRIGHT_URL moves the default); when none answers and --url is not given, an embedded server runs")
	fs.StringVar(&emb.TokenFile, "token-file", "", "read the server's token from this file (default: $SPECWRIGHT_TOKEN)")
	plain := fs.Bool("plain", false, "plain text on stdin/stdout for scripts: one reply per line; exit 0 when the spec is complete")
	fresh := fs.Bool("new", false, "start a new interview (the previous one is archived)")
	fs.StringVar(&emb.DataDir, "data-dir", emb.DataDir, "data folder of the embedded server (used when no server answers)")
	fs.StringVar(&emb.Provider, "provider", "", "provider of the embedded server (default: the first found, as serve)")
	fs.StringVar(&emb.Model, "model", "", "model of the embedded server")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: specwright chat [flags] [PROJECT]")
		fs.PrintDefaults()
	}
	// Flags may follow the project name: `specwright chat demo --plain`.
	var project string
	rest := args
	for {
		if err := fs.Parse(rest); err != nil {
			return 2
		}
		if fs.NArg() == 0 {
			break
		}
		if project != "" {
			fmt.Fprintf(stderr, "specwright chat: unexpected argument %q\n", fs.Arg(0))
			return 2
		}
		project, rest = fs.Arg(0), fs.Args()[1:]
	}
	urlGiven := false
	fs.Visit(func(f *flag.Flag) { urlGiven = urlGiven || f.Name == "url" })

	token, err := readToken(&emb, getenv)
	if err != nil {
		fmt.Fprintf(stderr, "specwright chat: %v\n", err)
		return 2
	}
	cfg := termchat.Config{
		Server:  termchat.Server{URL: strings.TrimSuffix(*url, "/"), Token: token},
		Project: project, New: *fresh, Plain: *plain,
		Color: getenv("NO_COLOR") == "" && getenv("TERM") != "dumb",
		In:    stdin, Out: stdout, Err: stderr,
	}
	switch err := probeServer(ctx, cfg.Server); {
	case err == nil:
		cfg.Note = "server " + cfg.Server.URL
	case urlGiven || errors.Is(err, errRefused):
		fmt.Fprintf(stderr, "specwright chat: %s: %v\n", cfg.Server.URL, err)
		return 1
	default:
		stop, err := embedServer(ctx, &cfg, emb, getenv, stderr)
		if err != nil {
			fmt.Fprintf(stderr, "specwright chat: no server at %s, and the embedded one did not start: %v\n", cfg.Server.URL, err)
			return 1
		}
		defer stop()
	}
	if err := termchat.Run(ctx, cfg); err != nil {
		if ctx.Err() != nil {
			return 130
		}
		fmt.Fprintf(stderr, "specwright chat: %v\n", err)
		return 1
	}
	return 0
}

// errRefused: a server answers but will not let this client in.
var errRefused = errors.New("the server refused the token (set SPECWRIGHT_TOKEN or --token-file)")

// probeServer checks that a specwright server answers at srv.
func probeServer(ctx context.Context, srv termchat.Server) error {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+"/api/info", nil)
	if err != nil {
		return err
	}
	if srv.Token != "" {
		req.Header.Set("Authorization", "Bearer "+srv.Token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	resp.Body.Close()
	switch {
	case resp.StatusCode == http.StatusUnauthorized || resp.StatusCode == http.StatusForbidden:
		return errRefused
	case resp.StatusCode != http.StatusOK:
		return fmt.Errorf("no specwright server there (%s)", resp.Status)
	}
	return nil
}

// embedServer starts a server on a free loopback port for the length of
// the chat and points cfg at it. Its log goes to chat.log in the data
// folder in full-screen mode (the screen is the client's), to stderr
// otherwise; warnings and worse only.
func embedServer(ctx context.Context, cfg *termchat.Config, emb serveConfig, getenv func(string) string, stderr io.Writer) (stop func(), err error) {
	emb.Addr = "127.0.0.1:0"
	if err := os.MkdirAll(emb.DataDir, 0o755); err != nil {
		return nil, fmt.Errorf("create data folder: %w", err)
	}
	logw, closeLog := stderr, func() {}
	if !cfg.Plain {
		f, err := os.OpenFile(filepath.Join(emb.DataDir, "chat.log"), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
		if err != nil {
			return nil, err
		}
		logw, closeLog = f, func() { f.Close() }
	}
	log := slog.New(slog.NewTextHandler(logw, &slog.HandlerOptions{Level: slog.LevelWarn}))
	rs, err := startServer(ctx, emb, getenv, log)
	if err != nil {
		closeLog()
		return nil, err
	}
	cfg.Server.URL = "http://" + rs.Addr
	cfg.Server.Token = rs.Token
	cfg.Note = fmt.Sprintf("embedded server, provider %s%s, data in %s", rs.Provider.Name(), modelSuffix(rs.Provider.Model()), emb.DataDir)
	return func() {
		rs.Stop()
		closeLog()
	}, nil
}
