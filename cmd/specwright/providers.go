package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os/exec"
	"strings"
	"time"

	"github.com/specwright/specwright/internal/llm"
	"github.com/specwright/specwright/internal/llm/anthropic"
	"github.com/specwright/specwright/internal/llm/claudecli"
	"github.com/specwright/specwright/internal/llm/guided"
	"github.com/specwright/specwright/internal/llm/openai"
	"github.com/specwright/specwright/internal/secret"
)

// ollamaRoot is where a local Ollama listens unless told otherwise.
const ollamaRoot = "http://127.0.0.1:11434"

// probeTimeout bounds the check for a local Ollama, which answers in
// milliseconds when it runs.
const probeTimeout = 300 * time.Millisecond

// Choice records how the provider was chosen: each thing looked at, in
// order, and what it led to. It holds no secret, so the server can show
// it (GET /api/info) and `specwright providers` can print it.
type Choice struct {
	Provider string `json:"provider"`
	Model    string `json:"model,omitempty"`
	// BaseURL is the server the provider talks to, without credentials;
	// empty for the provider's own default and for guided.
	BaseURL string `json:"base_url,omitempty"`
	// Forced is true when --provider named the provider.
	Forced bool     `json:"forced"`
	Steps  []string `json:"steps"`
}

// lookups are what the choice looks at, as functions so that tests can
// stand in for the environment, PATH and the network.
type lookups struct {
	getenv   func(string) string
	lookPath func(string) (string, error)
	probe    func(url string) bool
	// models lists the models of an OpenAI-compatible server.
	models func(baseURL, apiKey string) ([]string, error)
}

// providerNames are the values of --provider, for help texts.
const providerNames = "anthropic, openai, claudecli or guided"

// checkProviderName refuses a --provider that names no provider.
func checkProviderName(name string) error {
	switch name {
	case "", "anthropic", "openai", "claudecli", "guided":
		return nil
	case "claude":
		// One name per provider: "claude" could as well mean anthropic.
		return fmt.Errorf("unknown provider %q: for the Claude Code CLI use claudecli, for the API anthropic", name)
	}
	return fmt.Errorf("unknown provider %q: use %s", name, providerNames)
}

// chooseProvider builds the provider --provider names or, without it,
// the first one available: ANTHROPIC_API_KEY → anthropic; OPENAI_API_KEY
// or OPENAI_BASE_URL → openai; a claude CLI on PATH (or
// SPECWRIGHT_CLAUDE_BIN) → claudecli; a local Ollama answering at
// http://127.0.0.1:11434 → openai on its /v1; otherwise guided. Each step
// is logged and recorded in the Choice.
func chooseProvider(cfg serveConfig, getenv func(string) string, lookPath func(string) (string, error), probe func(url string) bool, log *slog.Logger) (backend, Choice, error) {
	return choose(cfg, lookups{getenv: getenv, lookPath: lookPath, probe: probe, models: listModels}, log)
}

// backend is what runs the interview: an llm.Provider, whose tool loop
// the engine runs, or an llm.Agent, which runs its own.
type backend interface {
	Name() string
	Model() string
}

func choose(cfg serveConfig, lk lookups, log *slog.Logger) (backend, Choice, error) {
	c := &chooser{cfg: cfg, lk: lk, log: log, choice: Choice{Forced: cfg.Provider != ""}}
	p, err := c.run()
	if err != nil {
		log.Error("no provider", "provider", cfg.Provider, "err", err)
		return nil, c.choice, err
	}
	c.choice.Provider, c.choice.Model = p.Name(), p.Model()
	log.Info("provider chosen", "provider", p.Name(), "model", p.Model(), "base_url", c.choice.BaseURL, "why", c.why)
	return p, c.choice, nil
}

type chooser struct {
	cfg    serveConfig
	lk     lookups
	log    *slog.Logger
	choice Choice
	why    string // the step that decided
}

func (c *chooser) step(format string, args ...any) {
	s := fmt.Sprintf(format, args...)
	c.choice.Steps = append(c.choice.Steps, s)
	if strings.Contains(s, "→") {
		c.why = s
	}
	c.log.Info("provider search", "step", s)
}

func (c *chooser) run() (backend, error) {
	switch c.cfg.Provider {
	case "":
		if p := c.anthropic(); p != nil {
			return p, nil
		}
		if p, err := c.openaiFromEnv(); p != nil || err != nil {
			return p, err
		}
		if a := c.claudeCLI(); a != nil {
			return a, nil
		}
		if p := c.ollama(); p != nil {
			return p, nil
		}
		c.step("nothing configured → guided (the interview without a model)")
		return guided.New(), nil
	case "anthropic":
		if p := c.anthropic(); p != nil {
			return p, nil
		}
		return nil, errors.New("the anthropic provider needs ANTHROPIC_API_KEY in the environment")
	case "openai":
		if p, err := c.openaiFromEnv(); p != nil || err != nil {
			return p, err
		}
		if p := c.ollama(); p != nil {
			return p, nil
		}
		return nil, fmt.Errorf("the openai provider needs OPENAI_API_KEY (for OpenAI) or OPENAI_BASE_URL (for another server) in the environment, and no usable Ollama answers at %s", ollamaRoot)
	case "guided":
		c.step("--provider guided → guided (the interview without a model)")
		return guided.New(), nil
	case "claudecli":
		if a := c.claudeCLI(); a != nil {
			return a, nil
		}
		return nil, errors.New("the claudecli provider needs the claude CLI on PATH (npm install -g @anthropic-ai/claude-code), or SPECWRIGHT_CLAUDE_BIN naming it")
	default:
		return nil, checkProviderName(c.cfg.Provider)
	}
}

func (c *chooser) anthropic() llm.Provider {
	key := c.lk.getenv("ANTHROPIC_API_KEY")
	if key == "" {
		c.step("ANTHROPIC_API_KEY not set")
		return nil
	}
	base := c.lk.getenv("ANTHROPIC_BASE_URL")
	if base != "" {
		c.step("ANTHROPIC_API_KEY set → anthropic at %s (ANTHROPIC_BASE_URL)", redactURL(base))
		c.choice.BaseURL = redactURL(base)
	} else {
		c.step("ANTHROPIC_API_KEY set → anthropic")
	}
	p := anthropic.New(anthropic.Config{APIKey: secret.New(key), BaseURL: base, Model: c.cfg.Model, StallTimeout: c.cfg.StallTimeout})
	c.modelStep(p.Model(), "the anthropic default")
	return p
}

// openaiFromEnv returns the provider OPENAI_API_KEY and OPENAI_BASE_URL
// describe, nil when neither is set, or an error when OPENAI_BASE_URL
// names a server that does not answer: it was set on purpose, so neither
// a provider that cannot work nor silently another one will do.
func (c *chooser) openaiFromEnv() (llm.Provider, error) {
	key, base := c.lk.getenv("OPENAI_API_KEY"), c.lk.getenv("OPENAI_BASE_URL")
	switch {
	case key == "" && base == "":
		c.step("OPENAI_API_KEY and OPENAI_BASE_URL not set")
		return nil, nil
	case base == "":
		c.step("OPENAI_API_KEY set → openai at %s", openai.DefaultBaseURL)
	case key == "":
		c.step("OPENAI_BASE_URL set → openai at %s (no OPENAI_API_KEY: none sent)", redactURL(base))
	default:
		c.step("OPENAI_BASE_URL and OPENAI_API_KEY set → openai at %s", redactURL(base))
	}
	var ids []string
	var listErr error
	if base != "" {
		ids, listErr = c.lk.models(base, key)
		if e, ok := llm.AsError(listErr); ok && e.Status == 0 {
			c.step("%s does not answer: %s", redactURL(base), oneLine(listErr))
			return nil, fmt.Errorf("OPENAI_BASE_URL is %s, which does not answer: %s Start that server, correct OPENAI_BASE_URL, or unset it to use another provider (see: specwright providers)",
				redactURL(base), llm.Sentence(oneLine(listErr)))
		}
	}
	model, why := c.cfg.Model, "--model"
	switch {
	case model != "":
	case base == "" || isOpenAIHost(base):
		model, why = openai.DefaultModel, "the default for OpenAI"
	case isLocalURL(base):
		// A local server (vLLM, llama.cpp, LM Studio, Ollama) serves
		// the models it has: take the first.
		err := listErr
		switch {
		case err != nil:
			c.step("could not list the models at %s: %s", redactURL(base), oneLine(err))
			model, why = openai.DefaultModel, "the default for OpenAI; pass --model with one the server has"
		case len(ids) == 0:
			c.step("%s lists no models", redactURL(base))
			model, why = openai.DefaultModel, "the default for OpenAI; pass --model with one the server has"
		default:
			model, why = ids[0], fmt.Sprintf("the first of %d listed by the server", len(ids))
		}
	default:
		model, why = openai.DefaultModel, "the default for OpenAI; for another service pass --model with one of its models"
	}
	p := openai.New(openai.Config{APIKey: secret.New(key), BaseURL: base, Model: model, StallTimeout: c.cfg.StallTimeout})
	c.choice.BaseURL = redactURL(p.BaseURL())
	c.modelStep(model, why)
	return p, nil
}

// claudeCLI returns the agent that drives a claude CLI found on PATH (or
// named by SPECWRIGHT_CLAUDE_BIN), for people with a Claude subscription.
func (c *chooser) claudeCLI() llm.Agent {
	path := c.lk.getenv("SPECWRIGHT_CLAUDE_BIN")
	if path == "" {
		var err error
		if path, err = c.lk.lookPath("claude"); err != nil {
			c.step("no claude CLI on PATH")
			return nil
		}
	}
	c.step("claude CLI at %s → claudecli (your Claude subscription, through Claude Code)", path)
	return claudecli.New(claudecli.Config{
		Binary:       path,
		Model:        c.cfg.Model,
		Env:          claudeEnv(c.lk.getenv),
		ConfigDir:    c.lk.getenv("CLAUDE_CONFIG_DIR"),
		StallTimeout: c.cfg.StallTimeout,
	})
}

// claudeEnv builds the claude CLI's environment from scratch: what a
// program needs to run, the subscription's token if one is set, and the
// variables named in SPECWRIGHT_CLAUDE_ENV (for example
// "ANTHROPIC_BASE_URL,ANTHROPIC_API_KEY" to use an endpoint instead). An
// inherited ANTHROPIC_API_KEY would silently take the place of the
// subscription, so it passes only when named.
func claudeEnv(getenv func(string) string) []string {
	names := []string{"PATH", "HOME", "USER", "LOGNAME", "LANG", "LC_ALL", "TMPDIR", "XDG_CONFIG_HOME", "CLAUDE_CODE_OAUTH_TOKEN"}
	for _, n := range strings.Split(getenv("SPECWRIGHT_CLAUDE_ENV"), ",") {
		if n = strings.TrimSpace(n); n != "" {
			names = append(names, n)
		}
	}
	// The CLI retries failed calls ten times with long waits; two keep a
	// bad login or an outage from hiding for minutes.
	env := []string{"CLAUDE_CODE_MAX_RETRIES=2"}
	seen := map[string]bool{}
	for _, n := range names {
		if v := getenv(n); v != "" && !seen[n] {
			seen[n] = true
			env = append(env, n+"="+v)
		}
	}
	return env
}

// ollama returns a provider for a local Ollama that answers and has a
// model, or nil.
func (c *chooser) ollama() llm.Provider {
	if !c.lk.probe(ollamaRoot + "/api/tags") {
		c.step("no Ollama at %s", ollamaRoot)
		return nil
	}
	base := ollamaRoot + "/v1"
	model, why := c.cfg.Model, "--model"
	if model == "" {
		ids, err := c.lk.models(base, "")
		switch {
		case err != nil:
			c.step("Ollama answers at %s but its models could not be listed: %s", ollamaRoot, oneLine(err))
			return nil
		case len(ids) == 0:
			c.step("Ollama answers at %s but has no models (get one with: ollama pull qwen3)", ollamaRoot)
			return nil
		}
		model, why = ids[0], fmt.Sprintf("the first of %d: %s", len(ids), strings.Join(firstN(ids, 5), ", "))
	}
	c.step("Ollama answers at %s → openai at %s", ollamaRoot, base)
	c.modelStep(model, why)
	c.step("note: Ollama gives a model the context size of its Modelfile (num_ctx) or of OLLAMA_CONTEXT_LENGTH, and cuts longer prompts silently; the interview needs about 16k tokens, so if the model loses track, restart Ollama with OLLAMA_CONTEXT_LENGTH=32768")
	c.choice.BaseURL = base
	return openai.New(openai.Config{BaseURL: base, Model: model, StallTimeout: c.cfg.StallTimeout})
}

func (c *chooser) modelStep(model, why string) {
	if c.cfg.Model != "" {
		why = "--model"
	}
	c.step("model %s (%s)", model, why)
}

// lookPath finds a program on PATH.
func lookPath(name string) (string, error) { return exec.LookPath(name) }

// probeURL reports whether url answers 200 within probeTimeout.
func probeURL(url string) bool {
	client := &http.Client{Timeout: probeTimeout}
	res, err := client.Get(url)
	if err != nil {
		return false
	}
	defer res.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(res.Body, 1<<20))
	return res.StatusCode == http.StatusOK
}

// listModels asks an OpenAI-compatible server for its models.
func listModels(baseURL, apiKey string) ([]string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	return openai.ListModels(ctx, baseURL, apiKey, &http.Client{})
}

// cmdProviders is `specwright providers`: it prints what it found and
// which provider `specwright serve` would use with the same flags, and
// why. It never prints a key.
func cmdProviders(args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	return providersReport(args, lookups{getenv: getenv, lookPath: lookPath, probe: probeURL, models: listModels}, stdout, stderr)
}

func providersReport(args []string, lk lookups, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("providers", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var cfg serveConfig
	fs.StringVar(&cfg.Provider, "provider", "", "check this provider only: "+providerNames)
	fs.StringVar(&cfg.Model, "model", "", "model name, as for serve")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if err := checkProviderName(cfg.Provider); err != nil {
		fmt.Fprintf(stderr, "specwright providers: %v\n", err)
		return 2
	}
	_, choice, err := choose(cfg, lk, slog.New(slog.DiscardHandler))
	if choice.Forced {
		fmt.Fprintf(stdout, "Looked for provider %s:\n", cfg.Provider)
	} else {
		fmt.Fprintln(stdout, "Looked for a model provider, in this order:")
	}
	for _, s := range choice.Steps {
		fmt.Fprintf(stdout, "  - %s\n", s)
	}
	if err != nil {
		fmt.Fprintf(stderr, "specwright providers: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "\nChosen: %s", choice.Provider)
	if choice.Model != "" {
		fmt.Fprintf(stdout, ", model %s", choice.Model)
	}
	if choice.BaseURL != "" {
		fmt.Fprintf(stdout, ", at %s", choice.BaseURL)
	}
	fmt.Fprintln(stdout)
	fmt.Fprintln(stdout, "Choose another with: specwright serve --provider anthropic|openai|claudecli|guided [--model NAME]")
	return 0
}

// redactURL shows a URL without user information, query or fragment,
// where secrets hide.
func redactURL(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Host == "" {
		return "(a URL that does not parse)"
	}
	u.User = nil
	u.RawQuery, u.ForceQuery, u.Fragment, u.RawFragment = "", false, "", ""
	return strings.TrimRight(u.String(), "/")
}

func isOpenAIHost(raw string) bool {
	u, err := url.Parse(raw)
	return err == nil && strings.EqualFold(u.Hostname(), "api.openai.com")
}

// isLocalURL reports whether raw names this machine or a private
// network, where a server offers only the models it has.
func isLocalURL(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil {
		return false
	}
	host := strings.ToLower(u.Hostname())
	if host == "localhost" || strings.HasSuffix(host, ".localhost") || strings.HasSuffix(host, ".local") || host == "host.docker.internal" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && (ip.IsLoopback() || ip.IsPrivate() || ip.IsLinkLocalUnicast())
}

func oneLine(err error) string {
	s := err.Error()
	if e, ok := llm.AsError(err); ok {
		s = e.Message
	}
	return strings.Join(strings.Fields(s), " ")
}

func firstN(s []string, n int) []string {
	if len(s) > n {
		return append(s[:n:n], "…")
	}
	return s
}
