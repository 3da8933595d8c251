package document

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/klippa-app/go-pdfium"
)

// Limits of one document.
const (
	// MaxBytes is the largest document accepted, decoded (as the
	// reference: 20 MB per document).
	MaxBytes = 20 << 20
	// MaxText is the most text one document may give the model; a longer
	// one is refused rather than cut, so nothing is lost silently.
	MaxText = 1 << 20
	// maxUnzipped bounds what an Office file may inflate to.
	maxUnzipped = 256 << 20
)

// Kind is a type of document.
type Kind string

const (
	Markdown Kind = "markdown"
	Text     Kind = "text"
	CSV      Kind = "csv"
	DOCX     Kind = "docx"
	XLSX     Kind = "xlsx"
	PPTX     Kind = "pptx"
	PDF      Kind = "pdf"
)

var byExt = map[string]Kind{
	".md": Markdown, ".markdown": Markdown, ".txt": Text, ".text": Text, ".csv": CSV,
	".docx": DOCX, ".xlsx": XLSX, ".pptx": PPTX, ".pdf": PDF,
}

var byMime = map[string]Kind{
	"text/markdown": Markdown, "text/x-markdown": Markdown, "text/plain": Text, "text/csv": CSV,
	"application/vnd.openxmlformats-officedocument.wordprocessingml.document":   DOCX,
	"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet":         XLSX,
	"application/vnd.openxmlformats-officedocument.presentationml.presentation": PPTX,
	"application/pdf": PDF,
}

// Accepted is the list of accepted documents, for error messages.
const Accepted = ".md, .txt, .csv, .docx, .xlsx, .pptx and .pdf"

// KindOf names the document's kind from its file name, or, when the name
// has no known extension, from its MIME type. ok is false for anything
// else.
func KindOf(filename, mimeType string) (Kind, bool) {
	if k, ok := byExt[strings.ToLower(filepath.Ext(filename))]; ok {
		return k, true
	}
	mt := strings.ToLower(strings.TrimSpace(strings.SplitN(mimeType, ";", 2)[0]))
	k, ok := byMime[mt]
	return k, ok
}

// Reader extracts text from documents. Its zero value is not usable; New
// returns one. It is safe for concurrent use; PDFs are read one at a time.
type Reader struct {
	mu   sync.Mutex // serialises PDF extraction and guards pool
	pool pdfium.Pool
}

// New returns a Reader. Nothing is started until the first PDF.
func New() *Reader { return &Reader{} }

// Close stops the PDF engine if it was started.
func (r *Reader) Close() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.pool != nil {
		err := r.pool.Close()
		r.pool = nil
		return err
	}
	return nil
}

// Text returns the document's text. The error says, in words a user can
// act on, why a document cannot be read.
func (r *Reader) Text(ctx context.Context, filename, mimeType string, data []byte) (string, error) {
	kind, ok := KindOf(filename, mimeType)
	if !ok {
		return "", fmt.Errorf("%s is not a document this server reads (%s)", filename, Accepted)
	}
	if len(data) > MaxBytes {
		return "", fmt.Errorf("%s is %.1f MB; the maximum is 20 MB", filename, float64(len(data))/(1<<20))
	}
	var text string
	var err error
	switch kind {
	case Markdown, Text, CSV:
		if !utf8.Valid(data) {
			return "", fmt.Errorf("%s is not UTF-8 text", filename)
		}
		text = strings.TrimPrefix(string(data), "\ufeff")
	case DOCX:
		text, err = officeText(data, docxParts, "p", "t", "tab", "br")
	case PPTX:
		text, err = officeText(data, pptxParts, "p", "t", "", "br")
	case XLSX:
		text, err = xlsxText(data)
	case PDF:
		text, err = r.pdfText(ctx, data)
	}
	if err != nil {
		return "", fmt.Errorf("%s could not be read as %s: %v", filename, kind, err)
	}
	text = strings.TrimSpace(strings.ToValidUTF8(text, "\uFFFD"))
	if text == "" {
		return "", fmt.Errorf("%s holds no text (a scanned document needs its text recognised first)", filename)
	}
	if len(text) > MaxText {
		return "", fmt.Errorf("the text of %s is %.1f MB; at most 1 MB of text per document reaches the model: send the relevant part", filename, float64(len(text))/(1<<20))
	}
	return text, nil
}
