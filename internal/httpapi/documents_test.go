package httpapi_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"

	"github.com/specwright/specwright/internal/document"
	"github.com/specwright/specwright/internal/document/documenttest"
	"github.com/specwright/specwright/internal/httpapi"
	"github.com/specwright/specwright/internal/llm/llmtest"
	"github.com/specwright/specwright/internal/session"
)

func attachment(name, mime string, data []byte) map[string]any {
	return map[string]any{"filename": name, "mimeType": mime, "base64Data": base64.StdEncoding.EncodeToString(data)}
}

// A PDF and a Word file with requirements, attached to one message: the
// model receives the text of each, labelled with its file name, after the
// user's words; the transcript names the files.
func TestDocumentAttachmentsReachTheModel(t *testing.T) {
	if testing.Short() {
		t.Skip("starting the PDF engine takes seconds")
	}
	fake := llmtest.NewAnthropic(t, llmtest.Script(
		llmtest.Text("Hello."),
		llmtest.Text("I read both documents."),
	))
	docs := document.New()
	t.Cleanup(func() { docs.Close() })
	// Start the PDF engine first (seconds on a loaded machine), so that
	// the socket's reads below are not timed against its start-up.
	if _, err := docs.Text(context.Background(), "warm.pdf", "", documenttest.PDF("warm")); err != nil {
		t.Fatal(err)
	}
	e := startEnvWith(t, claude(fake), t.TempDir(), func(s *session.Config, _ *httpapi.Config) { s.Documents = docs })
	c := e.dialV2("shop")
	c.send(map[string]any{"type": "start"})
	c.turn()
	pdf := documenttest.PDF("R1: The shop SHALL accept card payments.", "R2: Orders ship within two days.")
	docx := documenttest.DOCX("R3: Customers track their parcel.", "R4: Returns are free for 30 days.")
	c.send(map[string]any{"type": "message", "content": "Here are our requirements.", "attachments": []any{
		attachment("requirements.pdf", "application/pdf", pdf),
		attachment("More Requirements.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", docx),
	}})
	got := c.turn()
	if !strings.Contains(types(got), "response_done") {
		t.Fatalf("turn: %v", got)
	}
	reqs := fake.Requests()
	last := reqs[len(reqs)-1].Messages
	var user string
	for _, b := range last[len(last)-1]["content"].([]any) {
		if bm := b.(map[string]any); bm["type"] == "text" {
			user += bm["text"].(string) + "\n---\n"
		}
	}
	for _, want := range []string{
		"Here are our requirements.",
		`<document name="requirements.pdf">`, "R1: The shop SHALL accept card payments.", "R2: Orders ship within two days.",
		`<document name="More Requirements.docx">`, "R3: Customers track their parcel.", "R4: Returns are free for 30 days.",
	} {
		if !strings.Contains(user, want) {
			t.Errorf("the model's last user message lacks %q:\n%s", want, user)
		}
	}
	if strings.Index(user, "requirements.pdf") > strings.Index(user, "More Requirements.docx") {
		t.Error("documents out of order")
	}
	var tr struct {
		Events []map[string]any `json:"events"`
	}
	e.do("GET", "/api/spec/transcript/shop", &tr)
	b, _ := json.Marshal(tr.Events)
	if !strings.Contains(string(b), `"attachments":["requirements.pdf","More Requirements.docx"]`) {
		t.Errorf("transcript does not name the files: %s", b)
	}
}

func TestBadDocumentAttachmentsAreRefused(t *testing.T) {
	fake := llmtest.NewAnthropic(t, llmtest.Script(llmtest.Text("Hello.")))
	docs := document.New()
	t.Cleanup(func() { docs.Close() })
	e := startEnvWith(t, claude(fake), t.TempDir(), func(s *session.Config, _ *httpapi.Config) { s.Documents = docs })
	c := e.dial("shop")
	c.send(map[string]any{"type": "start"})
	c.turn()
	for _, tc := range []struct {
		att  map[string]any
		want string
	}{
		{attachment("a.gif", "image/gif", []byte("GIF89a")), "Invalid attachment 1: only images (image/jpeg, image/png) and documents (.md, .txt, .csv, .docx, .xlsx, .pptx, .pdf) are accepted"},
		{attachment("old.doc", "application/msword", []byte("x")), "Invalid attachment 1: only images (image/jpeg, image/png) and documents (.md, .txt, .csv, .docx, .xlsx, .pptx, .pdf) are accepted"},
		{attachment("r.docx", "", []byte("not a zip")), "Invalid attachment 1: r.docx could not be read as docx: not a valid Office file (it is not a zip archive)"},
		{attachment("empty.txt", "text/plain", nil), "Invalid attachment 1: the document is empty"},
		{attachment("r.txt", "text/plain", []byte{0xff, 0xfe}), "Invalid attachment 1: r.txt is not UTF-8 text"},
	} {
		c.send(map[string]any{"type": "message", "content": "x", "attachments": []any{tc.att}})
		c.expectError(tc.want)
	}
	if n := len(fake.Requests()); n != 1 {
		t.Errorf("%d model requests; refused messages must not reach the model", n)
	}
}

func TestDocumentsNeedAReader(t *testing.T) {
	e := newEnv(t, claude(llmtest.NewAnthropic(t, llmtest.Script(llmtest.Text("Hello.")))))
	c := e.dial("shop")
	c.send(map[string]any{"type": "start"})
	c.turn()
	c.send(map[string]any{"type": "message", "content": "x", "attachments": []any{attachment("a.md", "text/markdown", []byte("# hi"))}})
	c.expectError("Invalid attachment 1: this server does not read documents")
}
