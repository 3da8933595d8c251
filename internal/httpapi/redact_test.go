package httpapi_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/specwright/specwright/internal/httpapi"
	"github.com/specwright/specwright/internal/llm"
	"github.com/specwright/specwright/internal/llm/anthropic"
	"github.com/specwright/specwright/internal/llm/llmtest"
	"github.com/specwright/specwright/internal/llm/openai"
	"github.com/specwright/specwright/internal/secret"
	"github.com/specwright/specwright/internal/session"
)

// The API key is redacted in every encoding a reader can decode (JSON
// escapes, percent-encoding, base64) and in every sink: the frames, the
// log (the "turn failed" line included), the database and the transcript,
// also when the model itself writes the key, split across deltas.
func TestKeyRedactedInEveryEncodingAndSink(t *testing.T) {
	const key = "sk-ant-api03-Zq8TkeyKEYkey"
	escaped := strings.ReplaceAll(key, "-", `\u002d`)
	percent := strings.ReplaceAll(key, "-", "%2D")
	b64 := base64.StdEncoding.EncodeToString([]byte(key))
	forms := []string{key, escaped, percent, b64, key[7:]}

	anthropicFake := llmtest.NewAnthropic(t, llmtest.Script(
		llmtest.Text("Hi."),
		llmtest.Raw(400, "application/json", `{"type":"error","error":{"type":"invalid_request_error","message":"key `+escaped+` is bad"}}`),
		llmtest.Raw(400, "application/json", `{"type":"error","error":{"type":"invalid_request_error","message":"see https://example.com/?k=`+percent+`"}}`),
		llmtest.Text("Your key is sk-ant-api", "03-Zq8TkeyKEYkey, or in ", "base64 "+b64[:10], b64[10:]+" and "+escaped[:9], escaped[9:]+"."),
	))
	openaiFake := llmtest.NewOpenAI(t, llmtest.OpenAIScript(
		llmtest.OpenAIText("Hi."),
		llmtest.OpenAIRaw(400, "application/json", `{"error":{"type":"invalid_request_error","message":"key `+escaped+` is bad"}}`),
		llmtest.OpenAIRaw(400, "text/plain", `bad request from https://example.com/?k=`+percent),
		llmtest.OpenAIText("Your key is sk-ant-api", "03-Zq8TkeyKEYkey, or in ", "base64 "+b64[:10], b64[10:]+" and "+escaped[:9], escaped[9:]+"."),
	))
	for name, p := range map[string]llm.Provider{
		"anthropic": anthropic.New(anthropic.Config{APIKey: secret.New(key), BaseURL: anthropicFake.URL, MaxRetries: -1}),
		"openai":    openai.New(openai.Config{APIKey: secret.New(key), BaseURL: openaiFake.URL, Model: "gpt-test", MaxRetries: -1}),
	} {
		t.Run(name, func(t *testing.T) { checkRedacted(t, p, forms) })
	}
}

func checkRedacted(t *testing.T, p llm.Provider, forms []string) {
	var logs syncBuffer
	dir := t.TempDir()
	e := startEnvWith(t, p, dir, func(s *session.Config, _ *httpapi.Config) {
		s.Logger = slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	})
	c := e.dial("leak")
	c.send(map[string]any{"type": "start"})
	c.turn()
	var frames []msg
	for range 3 {
		c.send(map[string]any{"type": "message", "content": "go"})
		frames = append(frames, c.turn()...)
	}
	res, err := http.Get(e.srv.URL + "/api/spec/transcript/leak")
	if err != nil {
		t.Fatal(err)
	}
	transcript, _ := io.ReadAll(res.Body)
	res.Body.Close()
	ses, _ := e.store.ActiveSession(context.Background(), "leak")
	msgs, _ := e.store.Messages(context.Background(), ses.ID)
	stored, _ := json.Marshal(msgs)
	framed, _ := json.Marshal(frames)
	e.stop()
	var db []byte
	for _, f := range []string{"specwright.db", "specwright.db-wal"} {
		b, _ := os.ReadFile(filepath.Join(dir, f))
		db = append(db, b...)
	}

	if !strings.Contains(logs.String(), "turn failed") {
		t.Fatalf("no turn failed line in the log:\n%s", logs.String())
	}
	if !strings.Contains(string(framed), secret.Redacted) {
		t.Fatalf("nothing was redacted in the frames: %s", framed)
	}
	for sink, text := range map[string]string{
		"frames": string(framed), "log": logs.String(), "transcript": string(transcript),
		"stored messages": string(stored), "database file": string(db),
	} {
		for _, f := range forms {
			if strings.Contains(text, f) {
				t.Errorf("the %s hold the key as %q:\n%.2000s", sink, f, text)
			}
		}
	}
}
