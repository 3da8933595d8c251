package document

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/specwright/specwright/internal/document/documenttest"
	"github.com/xuri/excelize/v2"
)

func TestKindOf(t *testing.T) {
	for _, tc := range []struct {
		name, mime string
		kind       Kind
		ok         bool
	}{
		{"notes.MD", "", Markdown, true},
		{"req.docx", "application/octet-stream", DOCX, true},
		{"export", "text/csv", CSV, true},
		{"scan.pdf", "image/png", PDF, true},
		{"photo.gif", "image/gif", "", false},
		{"old.doc", "application/msword", "", false},
	} {
		k, ok := KindOf(tc.name, tc.mime)
		if k != tc.kind || ok != tc.ok {
			t.Errorf("KindOf(%q, %q) = %q, %v", tc.name, tc.mime, k, ok)
		}
	}
}

func TestTextOfEachKind(t *testing.T) {
	r := New()
	defer r.Close()
	xl := excelize.NewFile()
	xl.SetSheetName("Sheet1", "Requirements")
	xl.SetSheetRow("Requirements", "A1", &[]any{"ID", "Requirement"})
	xl.SetSheetRow("Requirements", "A2", &[]any{"R-1", "Members can export a shopping list"})
	var xb bytes.Buffer
	if err := xl.Write(&xb); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		data []byte
		want []string
	}{
		{"r.md", []byte("\ufeff# Needs\n- offline mode\n"), []string{"# Needs\n- offline mode"}},
		{"r.csv", []byte("id,need\n1,dark mode\n"), []string{"1,dark mode"}},
		{"r.docx", documenttest.DOCX("Users must sign in with a passkey.", "Admins & owners see the audit log."), []string{"Users must sign in with a passkey.\n", "Admins & owners see the audit log."}},
		{"r.pptx", documenttest.PPTX("Slide one: goals", "Slide two: risks"), []string{"Slide one: goals", "Slide two: risks"}},
		{"r.xlsx", xb.Bytes(), []string{"## Requirements", "R-1\tMembers can export a shopping list"}},
	} {
		got, err := r.Text(context.Background(), tc.name, "", tc.data)
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: text %q lacks %q", tc.name, got, w)
			}
		}
	}
}

func TestPDFText(t *testing.T) {
	if testing.Short() {
		t.Skip("starting the PDF engine takes seconds")
	}
	r := New()
	defer r.Close()
	got, err := r.Text(context.Background(), "req.pdf", "application/pdf", documenttest.PDF("The system shall export a shopping list (weekly).", "Members sign in with a magic link."))
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"The system shall export a shopping list (weekly).", "Members sign in with a magic link."} {
		if !strings.Contains(got, w) {
			t.Errorf("text %q lacks %q", got, w)
		}
	}
	if _, err := r.Text(context.Background(), "bad.pdf", "", []byte("%PDF-1.4 nothing here")); err == nil || !strings.Contains(err.Error(), "bad.pdf could not be read as pdf") {
		t.Errorf("a broken PDF: %v", err)
	}
}

func TestBadDocumentsGetClearErrors(t *testing.T) {
	r := New()
	defer r.Close()
	big := bytes.Repeat([]byte("a"), MaxBytes+1)
	longText := bytes.Repeat([]byte("word "), MaxText/5+10)
	for _, tc := range []struct {
		name string
		data []byte
		want string
	}{
		{"x.gif", []byte("GIF89a"), "not a document this server reads"},
		{"x.txt", big, "the maximum is 20 MB"},
		{"x.txt", []byte{0xff, 0xfe, 0x00}, "not UTF-8"},
		{"x.docx", []byte("not a zip"), "not a valid Office file"},
		{"x.docx", documenttest.Zip(map[string]string{"other.xml": "<a/>"}), "none of the parts"},
		{"x.docx", documenttest.DOCX("   "), "holds no text"},
		{"x.md", longText, "at most 1 MB of text"},
		{"x.xlsx", []byte("PK nope"), "x.xlsx could not be read as xlsx"},
	} {
		_, err := r.Text(context.Background(), tc.name, "", tc.data)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err %v, want %q", tc.name, err, tc.want)
		}
	}
}

// A zip bomb: a part that inflates past the limit is refused, not read.
func TestOfficeUnzipIsBounded(t *testing.T) {
	huge := "<w:document><w:body><w:p><w:r><w:t>" + strings.Repeat(" ", maxUnzipped+10) + "</w:t></w:r></w:p></w:body></w:document>"
	_, err := New().Text(context.Background(), "bomb.docx", "", documenttest.Zip(map[string]string{"word/document.xml": huge}))
	if err == nil || !strings.Contains(err.Error(), "unzips to more than") {
		t.Errorf("bomb: %v", err)
	}
}
