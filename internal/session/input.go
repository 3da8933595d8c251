package session

import (
	"context"
	"encoding/base64"
	"fmt"
	"path"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/specwright/specwright/internal/chat"
)

// MaxImageBytes caps one attached image, decoded, as the reference did.
const MaxImageBytes = 5 << 20

// Attachment is an image or a document sent with a message, as the
// protocol carries it.
type Attachment struct {
	Filename   string `json:"filename"`
	MimeType   string `json:"mimeType"`
	Base64Data string `json:"base64Data"`
}

type image struct{ block chat.Block }

// DocumentReader turns an attached document into text for the model
// (cmd/specwright wires internal/document). Its errors are shown to the
// user as they are.
type DocumentReader interface {
	Text(ctx context.Context, filename, mimeType string, data []byte) (string, error)
}

// maxDocumentBytes caps one attached document, decoded, as the reference
// did (20 MB).
const maxDocumentBytes = 20 << 20

// decodeAttachments checks each attachment and turns it into a block for
// the model: an image as an image, a document as its text labelled with
// its file name.
func (s *Service) decodeAttachments(ctx context.Context, atts []Attachment) ([]image, error) {
	var out []image
	for i, a := range atts {
		bad := func(format string, args ...any) error {
			return chat.Errorf(chat.CodeInvalid, "Invalid attachment %d: %s", i+1, fmt.Sprintf(format, args...))
		}
		if n := utf8.RuneCountInString(a.Filename); n < 1 || n > 255 {
			return nil, bad("filename must have 1 to 255 characters")
		}
		isImage := a.MimeType == "image/jpeg" || a.MimeType == "image/png"
		if !isImage && !looksLikeDocument(a) {
			return nil, bad("only images (image/jpeg, image/png) and documents (.md, .txt, .csv, .docx, .xlsx, .pptx, .pdf) are accepted")
		}
		limit, what := MaxImageBytes, "image"
		if !isImage {
			limit, what = maxDocumentBytes, "document"
		}
		if base64.StdEncoding.DecodedLen(len(a.Base64Data)) > limit+3 {
			return nil, bad("%s exceeds the maximum of %d MB", what, limit>>20)
		}
		raw, err := base64.StdEncoding.DecodeString(a.Base64Data)
		if err != nil {
			return nil, bad("the data is not valid base64")
		}
		if len(raw) > limit {
			return nil, bad("%s size (%.1f MB) exceeds the maximum of %d MB", what, float64(len(raw))/(1<<20), limit>>20)
		}
		if len(raw) == 0 {
			return nil, bad("the %s is empty", what)
		}
		if isImage {
			out = append(out, image{chat.Block{Type: chat.BlockImage, MediaType: a.MimeType, Data: a.Base64Data}})
			continue
		}
		if s.cfg.Documents == nil {
			return nil, bad("this server does not read documents")
		}
		text, err := s.cfg.Documents.Text(ctx, a.Filename, a.MimeType, raw)
		if err != nil {
			return nil, bad("%v", err)
		}
		out = append(out, image{chat.TextBlock(documentBlock(a.Filename, text))})
	}
	return out, nil
}

// looksLikeDocument reports whether the attachment names a document by
// its extension or its MIME type (the reader decides what it can read).
func looksLikeDocument(a Attachment) bool {
	ext := strings.ToLower(path.Ext(a.Filename))
	switch ext {
	case ".md", ".markdown", ".txt", ".text", ".csv", ".docx", ".xlsx", ".pptx", ".pdf":
		return true
	}
	return strings.HasPrefix(a.MimeType, "text/") || a.MimeType == "application/pdf" ||
		strings.HasPrefix(a.MimeType, "application/vnd.openxmlformats-officedocument.")
}

// documentBlock labels a document's text with its file name, so that the
// model can tell documents apart and cite them.
func documentBlock(filename, text string) string {
	name := strings.NewReplacer(`"`, "'", "\n", " ", "<", "(", ">", ")").Replace(filename)
	return fmt.Sprintf("<document name=%q>\n%s\n</document>", name, text)
}

func attachmentNames(atts []Attachment) []string {
	var out []string
	for _, a := range atts {
		out = append(out, a.Filename)
	}
	return out
}

// flattenAnswers renders answers the way the reference client shows them:
// "a; b, c" in question order, "OK" when there are none.
func flattenAnswers(answers map[int][]string) string {
	keys := make([]int, 0, len(answers))
	for k := range answers {
		keys = append(keys, k)
	}
	sort.Ints(keys)
	parts := make([]string, 0, len(keys))
	for _, k := range keys {
		parts = append(parts, strings.Join(answers[k], ", "))
	}
	if len(parts) == 0 {
		return "OK"
	}
	return strings.Join(parts, "; ")
}
