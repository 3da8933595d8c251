package main

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/specwright/specwright/internal/chat"
	"github.com/specwright/specwright/internal/llm"
	"github.com/specwright/specwright/internal/llm/anthropic"
	"github.com/specwright/specwright/internal/llm/llmtest"
	"github.com/specwright/specwright/internal/llm/openai"
)

const canaryKey = "sk-CANARY-never-print-4f1e"

// world is what the choice looks at, made up for a test.
type world struct {
	env     map[string]string
	claude  string              // path of the claude CLI, "" for none
	ollama  bool                // whether Ollama answers
	models  map[string][]string // base URL → its models
	listErr error
	probed  []string
	listed  []string
}

func (w *world) lookups() lookups {
	return lookups{
		getenv: func(k string) string { return w.env[k] },
		lookPath: func(name string) (string, error) {
			if name == "claude" && w.claude != "" {
				return w.claude, nil
			}
			return "", errors.New("not found")
		},
		probe: func(url string) bool {
			w.probed = append(w.probed, url)
			return w.ollama && url == "http://127.0.0.1:11434/api/tags"
		},
		models: func(base, key string) ([]string, error) {
			w.listed = append(w.listed, base)
			if w.listErr != nil {
				return nil, w.listErr
			}
			return w.models[base], nil
		},
	}
}

func TestChooseProvider(t *testing.T) {
	ollamaModels := map[string][]string{"http://127.0.0.1:11434/v1": {"qwen3:8b", "llama3.2:latest"}}
	for _, tc := range []struct {
		name     string
		w        world
		cfg      serveConfig
		provider string
		model    string
		base     string
		steps    []string // each must appear in the steps, in this order
		err      string
	}{
		{"anthropic key", world{env: map[string]string{"ANTHROPIC_API_KEY": canaryKey, "OPENAI_API_KEY": canaryKey}, ollama: true},
			serveConfig{}, "anthropic", anthropic.DefaultModel, "",
			[]string{"ANTHROPIC_API_KEY set → anthropic", "model " + anthropic.DefaultModel + " (the anthropic default)"}, ""},
		{"anthropic base URL and model", world{env: map[string]string{"ANTHROPIC_API_KEY": canaryKey, "ANTHROPIC_BASE_URL": "http://u:p@127.0.0.1:9/x?k=v"}},
			serveConfig{Model: "claude-test"}, "anthropic", "claude-test", "http://127.0.0.1:9/x",
			[]string{"ANTHROPIC_API_KEY set → anthropic at http://127.0.0.1:9/x (ANTHROPIC_BASE_URL)", "model claude-test (--model)"}, ""},
		{"openai key", world{env: map[string]string{"OPENAI_API_KEY": canaryKey}},
			serveConfig{}, "openai", openai.DefaultModel, openai.DefaultBaseURL,
			[]string{"ANTHROPIC_API_KEY not set", "OPENAI_API_KEY set → openai at https://api.openai.com/v1", "model " + openai.DefaultModel + " (the default for OpenAI)"}, ""},
		{"openai key and model", world{env: map[string]string{"OPENAI_API_KEY": canaryKey}},
			serveConfig{Model: "gpt-mine"}, "openai", "gpt-mine", openai.DefaultBaseURL, []string{"model gpt-mine (--model)"}, ""},
		{"local base URL", world{env: map[string]string{"OPENAI_BASE_URL": "http://127.0.0.1:8000/v1"}, models: map[string][]string{"http://127.0.0.1:8000/v1": {"Qwen/Qwen3-8B"}}},
			serveConfig{}, "openai", "Qwen/Qwen3-8B", "http://127.0.0.1:8000/v1",
			[]string{"OPENAI_BASE_URL set → openai at http://127.0.0.1:8000/v1 (no OPENAI_API_KEY: none sent)", "model Qwen/Qwen3-8B (the first of 1 listed by the server)"}, ""},
		{"local base URL that lists nothing", world{env: map[string]string{"OPENAI_BASE_URL": "http://localhost:1234/v1", "OPENAI_API_KEY": canaryKey}, listErr: errors.New("connection refused")},
			serveConfig{}, "openai", openai.DefaultModel, "http://localhost:1234/v1",
			[]string{"OPENAI_BASE_URL and OPENAI_API_KEY set → openai at http://localhost:1234/v1", "could not list the models at http://localhost:1234/v1: connection refused", "pass --model"}, ""},
		{"remote base URL", world{env: map[string]string{"OPENAI_BASE_URL": "https://openrouter.ai/api/v1", "OPENAI_API_KEY": canaryKey}},
			serveConfig{}, "openai", openai.DefaultModel, "https://openrouter.ai/api/v1",
			[]string{"for another service pass --model"}, ""},
		{"claude CLI before Ollama", world{env: map[string]string{}, claude: "/usr/bin/claude", ollama: true, models: ollamaModels},
			serveConfig{}, "claudecli", "", "",
			[]string{"OPENAI_API_KEY and OPENAI_BASE_URL not set", "claude CLI at /usr/bin/claude → claudecli"}, ""},
		{"Ollama when there is no claude CLI", world{env: map[string]string{}, ollama: true, models: ollamaModels},
			serveConfig{}, "openai", "qwen3:8b", "http://127.0.0.1:11434/v1",
			[]string{"OPENAI_API_KEY and OPENAI_BASE_URL not set", "no claude CLI on PATH", "Ollama answers at http://127.0.0.1:11434 → openai at http://127.0.0.1:11434/v1",
				"model qwen3:8b (the first of 2: qwen3:8b, llama3.2:latest)", "OLLAMA_CONTEXT_LENGTH"}, ""},
		{"Ollama with --model", world{env: map[string]string{}, ollama: true},
			serveConfig{Model: "mistral"}, "openai", "mistral", "http://127.0.0.1:11434/v1", []string{"no claude CLI on PATH", "model mistral (--model)"}, ""},
		{"Ollama without models", world{env: map[string]string{}, ollama: true, models: map[string][]string{}},
			serveConfig{}, "guided", "", "", []string{"has no models (get one with: ollama pull", "nothing configured → guided"}, ""},
		{"nothing", world{env: map[string]string{}},
			serveConfig{}, "guided", "", "",
			[]string{"ANTHROPIC_API_KEY not set", "OPENAI_API_KEY and OPENAI_BASE_URL not set", "no claude CLI on PATH", "no Ollama at http://127.0.0.1:11434", "nothing configured → guided"}, ""},

		{"forced guided", world{env: map[string]string{"ANTHROPIC_API_KEY": canaryKey}},
			serveConfig{Provider: "guided"}, "guided", "", "", []string{"--provider guided → guided"}, ""},
		{"forced openai over an Anthropic key", world{env: map[string]string{"ANTHROPIC_API_KEY": canaryKey, "OPENAI_API_KEY": canaryKey}},
			serveConfig{Provider: "openai"}, "openai", openai.DefaultModel, openai.DefaultBaseURL, []string{"OPENAI_API_KEY set → openai"}, ""},
		{"forced openai finds Ollama", world{env: map[string]string{}, ollama: true, models: ollamaModels},
			serveConfig{Provider: "openai"}, "openai", "qwen3:8b", "http://127.0.0.1:11434/v1", []string{"Ollama answers"}, ""},
		{"forced openai without anything", world{env: map[string]string{}},
			serveConfig{Provider: "openai"}, "", "", "", nil, "the openai provider needs OPENAI_API_KEY"},
		{"forced anthropic without key", world{env: map[string]string{"OPENAI_API_KEY": canaryKey}},
			serveConfig{Provider: "anthropic"}, "", "", "", nil, "the anthropic provider needs ANTHROPIC_API_KEY"},
		{"forced claudecli", world{env: map[string]string{"ANTHROPIC_API_KEY": canaryKey}, claude: "/bin/claude"},
			serveConfig{Provider: "claudecli"}, "claudecli", "", "", []string{"claude CLI at /bin/claude → claudecli"}, ""},
		{"forced claudecli without the CLI", world{env: map[string]string{}},
			serveConfig{Provider: "claudecli"}, "", "", "", nil, "the claudecli provider needs the claude CLI on PATH"},
		{"unknown", world{env: map[string]string{}},
			serveConfig{Provider: "gemini"}, "", "", "", nil, `unknown provider "gemini": use anthropic, openai, claudecli or guided`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var logs bytes.Buffer
			log := slog.New(slog.NewTextHandler(&logs, nil))
			p, choice, err := choose(tc.cfg, tc.w.lookups(), log)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) || p != nil {
					t.Fatalf("error %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if p.Name() != tc.provider || p.Model() != tc.model || choice.Provider != tc.provider || choice.Model != tc.model || choice.BaseURL != tc.base {
				t.Errorf("got %s %q at %q (choice %+v); want %s %q at %q", p.Name(), p.Model(), choice.BaseURL, choice, tc.provider, tc.model, tc.base)
			}
			if choice.Forced != (tc.cfg.Provider != "") {
				t.Errorf("forced = %v", choice.Forced)
			}
			joined := strings.Join(choice.Steps, "\n")
			at := 0
			for _, s := range tc.steps {
				i := strings.Index(joined[at:], s)
				if i < 0 {
					t.Errorf("steps lack %q after position %d:\n%s", s, at, joined)
					break
				}
				at += i + len(s)
			}
			if strings.Contains(joined, canaryKey) || strings.Contains(logs.String(), canaryKey) || strings.Contains(logs.String(), "u:p@") {
				t.Error("a secret leaked into the steps or the log")
			}
			if !strings.Contains(logs.String(), "provider="+tc.provider) || !strings.Contains(logs.String(), "why=") {
				t.Errorf("the choice is not logged:\n%s", logs.String())
			}
		})
	}
}

// Nothing is probed or listed that the choice does not need.
func TestChooseProviderStopsEarly(t *testing.T) {
	w := &world{env: map[string]string{"OPENAI_API_KEY": canaryKey}, ollama: true}
	if _, _, err := choose(serveConfig{}, w.lookups(), slog.New(slog.DiscardHandler)); err != nil {
		t.Fatal(err)
	}
	if len(w.probed) != 0 || len(w.listed) != 0 {
		t.Errorf("probed %v, listed %v", w.probed, w.listed)
	}
}

// The real probe and model listing, against the fake standing in for
// Ollama.
func TestProbeAndList(t *testing.T) {
	fake := llmtest.NewOpenAI(t, nil)
	fake.SetModels("qwen3:8b")
	if !probeURL(fake.Root + "/api/tags") {
		t.Error("the fake Ollama does not answer the probe")
	}
	if probeURL(fake.Root + "/nope") {
		t.Error("a 404 counted as Ollama")
	}
	fake.TakeProblems()
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	addr := ln.Addr().String()
	ln.Close()
	if probeURL("http://" + addr + "/api/tags") {
		t.Error("a closed port answered")
	}

	// A server that accepts but never answers is given up on quickly.
	silent, _ := net.Listen("tcp", "127.0.0.1:0")
	defer silent.Close()
	start := time.Now()
	if probeURL("http://" + silent.Addr().String() + "/api/tags") {
		t.Error("a silent server answered")
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("the probe took %s", d)
	}

	ids, err := listModels(fake.URL, "")
	if err != nil || strings.Join(ids, ",") != "qwen3:8b" {
		t.Errorf("models %v, %v", ids, err)
	}
}

// The chosen openai provider talks to the configured server.
func TestChosenOpenAIProviderWorks(t *testing.T) {
	fake := llmtest.NewOpenAI(t, llmtest.OpenAIScript(llmtest.OpenAIText("Hello from a local model.")))
	fake.SetModels("local-model")
	w := &world{env: map[string]string{"OPENAI_BASE_URL": fake.URL}}
	lk := w.lookups()
	lk.models = listModels // the real listing, against the fake
	p, choice, err := choose(serveConfig{}, lk, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	if choice.Model != "local-model" {
		t.Errorf("choice %+v", choice)
	}
	reply, err := p.(llm.Provider).Stream(context.Background(), llm.Request{Messages: []chat.Message{{Role: chat.RoleUser, Content: []chat.Block{chat.TextBlock("Hi")}}}}, nil)
	if err != nil || reply.Content[0].Text != "Hello from a local model." {
		t.Fatalf("reply %+v, %v", reply, err)
	}
	if r := fake.Requests()[0]; r.Model != "local-model" || r.APIKey != "" {
		t.Errorf("request %+v", r)
	}
}

func TestProvidersCommand(t *testing.T) {
	w := &world{env: map[string]string{"OPENAI_API_KEY": canaryKey}, claude: "/opt/claude"}
	var stdout, stderr bytes.Buffer
	if code := providersReport(nil, w.lookups(), &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	want := "Looked for a model provider, in this order:\n" +
		"  - ANTHROPIC_API_KEY not set\n" +
		"  - OPENAI_API_KEY set → openai at https://api.openai.com/v1\n" +
		"  - model " + openai.DefaultModel + " (the default for OpenAI)\n" +
		"\nChosen: openai, model " + openai.DefaultModel + ", at https://api.openai.com/v1\n" +
		"Choose another with: specwright serve --provider anthropic|openai|claudecli|guided [--model NAME]\n"
	if stdout.String() != want {
		t.Errorf("output:\n%s\nwant\n%s", stdout.String(), want)
	}

	stdout.Reset()
	w = &world{env: map[string]string{"OPENAI_API_KEY": canaryKey}}
	if code := providersReport([]string{"--provider", "anthropic"}, w.lookups(), &stdout, &stderr); code != 1 ||
		!strings.Contains(stderr.String(), "needs ANTHROPIC_API_KEY") || !strings.Contains(stdout.String(), "Looked for provider anthropic:\n  - ANTHROPIC_API_KEY not set") {
		t.Errorf("exit %d\n%s\n%s", code, stdout.String(), stderr.String())
	}
	if strings.Contains(stdout.String()+stderr.String(), canaryKey) {
		t.Error("the key was printed")
	}
	if code := providersReport([]string{"extra"}, w.lookups(), &stdout, &stderr); code != 2 {
		t.Errorf("an extra argument gave %d", code)
	}
	if code := providersReport([]string{"--bogus"}, w.lookups(), &stdout, &stderr); code != 2 {
		t.Errorf("an unknown flag gave %d", code)
	}
}

// The command itself, with the real PATH and network: an Anthropic key
// decides before either is looked at, so the result is the same on any
// machine.
func TestCmdProviders(t *testing.T) {
	env := map[string]string{"ANTHROPIC_API_KEY": canaryKey}
	var stdout, stderr bytes.Buffer
	code := cmdProviders([]string{"--model", "claude-test"}, func(k string) string { return env[k] }, &stdout, &stderr)
	if code != 0 || !strings.Contains(stdout.String(), "Chosen: anthropic, model claude-test\n") || strings.Contains(stdout.String(), canaryKey) {
		t.Errorf("exit %d\n%s%s", code, stdout.String(), stderr.String())
	}
}

// `specwright serve` runs the openai provider it chose from the
// environment.
func TestServeWithOpenAIBaseURL(t *testing.T) {
	fake := llmtest.NewOpenAI(t, llmtest.OpenAIScript(llmtest.OpenAIText("Hello over Chat Completions.")))
	env := map[string]string{"OPENAI_BASE_URL": fake.URL, "OPENAI_API_KEY": canaryKey}
	s := startServe(t, env, "--data-dir", t.TempDir(), "--model", "local-model")
	got := wsTurn(t, s.url, "oa", map[string]any{"type": "start"})
	if len(got) != 2 || got[0]["content"] != "Hello over Chat Completions." || got[1]["type"] != "response_done" {
		t.Fatalf("greeting: %v", got)
	}
	if r := fake.Requests()[0]; r.Model != "local-model" || r.APIKey != canaryKey || len(r.Tools) == 0 {
		t.Errorf("request %+v", r)
	}
	if log := s.stderr.String(); !strings.Contains(log, "provider=openai") || strings.Contains(log, canaryKey) {
		t.Errorf("log:\n%s", log)
	}
}

// The claude CLI's environment is built from scratch: an inherited API key
// would silently replace the user's subscription.
func TestClaudeEnvIsExplicit(t *testing.T) {
	env := map[string]string{
		"PATH": "/usr/bin", "HOME": "/home/u", "ANTHROPIC_API_KEY": canaryKey, "OPENAI_API_KEY": canaryKey,
		"CLAUDE_CODE_OAUTH_TOKEN": "oauth-token", "RANDOM_VAR": "x",
	}
	got := strings.Join(claudeEnv(func(k string) string { return env[k] }), " ")
	for _, want := range []string{"PATH=/usr/bin", "HOME=/home/u", "CLAUDE_CODE_OAUTH_TOKEN=oauth-token", "CLAUDE_CODE_MAX_RETRIES=2"} {
		if !strings.Contains(got, want) {
			t.Errorf("env lacks %s: %s", want, got)
		}
	}
	if strings.Contains(got, canaryKey) || strings.Contains(got, "RANDOM_VAR") {
		t.Fatalf("env carries what it should not: %s", got)
	}
	env["SPECWRIGHT_CLAUDE_ENV"] = "ANTHROPIC_API_KEY, ANTHROPIC_BASE_URL"
	env["ANTHROPIC_BASE_URL"] = "http://127.0.0.1:9"
	got = strings.Join(claudeEnv(func(k string) string { return env[k] }), " ")
	if !strings.Contains(got, "ANTHROPIC_API_KEY="+canaryKey) || !strings.Contains(got, "ANTHROPIC_BASE_URL=http://127.0.0.1:9") {
		t.Fatalf("named variables not passed: %s", got)
	}
}

// Issue 9 §3.4: an OPENAI_BASE_URL that does not answer is reported as
// such, with what to do, by providers (exit 1, nothing "Chosen") and by
// serve at start; a server that answers with an error status still
// counts as there. The real listing, against a closed local port.
func TestUnreachableOpenAIBaseURL(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := "http://" + ln.Addr().String() + "/v1"
	ln.Close()
	env := map[string]string{"OPENAI_BASE_URL": closed, "PATH": "/nonexistent"}
	want := "OPENAI_BASE_URL is " + closed + ", which does not answer: Could not connect to " + closed + ": the connection was refused."
	for _, args := range [][]string{{"providers"}, {"providers", "--provider", "openai"}, {"serve", "--addr", "127.0.0.1:0", "--data-dir", t.TempDir()}} {
		var stdout, stderr bytes.Buffer
		code := run(context.Background(), args, func(k string) string { return env[k] }, strings.NewReader(""), &stdout, &stderr)
		if code != 1 || !strings.Contains(stderr.String(), want) || !strings.Contains(stderr.String(), "Start that server, correct OPENAI_BASE_URL, or unset it") {
			t.Errorf("%q: exit %d, stderr %q", args, code, stderr.String())
		}
		if strings.Contains(stdout.String(), "Chosen") || strings.Contains(stdout.String(), "listening") {
			t.Errorf("%q: %s", args, stdout.String())
		}
	}

	// A server that answers, even 401 to the model list, is there.
	fake := llmtest.NewOpenAI(t, llmtest.OpenAIScript(llmtest.OpenAIText("hi")))
	w := world{env: map[string]string{"OPENAI_BASE_URL": fake.URL}, listErr: &llm.Error{Kind: llm.ErrAuth, Status: 401, Message: "bad key"}}
	if p, _, err := choose(serveConfig{}, w.lookups(), slog.New(slog.DiscardHandler)); err != nil || p.Name() != "openai" {
		t.Errorf("a server answering 401: %v %v", p, err)
	}
}
