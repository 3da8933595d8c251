package session

import (
	"encoding/base64"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/specwright/specwright/internal/chat"
)

// MaxImageBytes caps one attached image, decoded, as the reference did.
const MaxImageBytes = 5 << 20

// Attachment is an image sent with a message, as the protocol carries it.
type Attachment struct {
	Filename   string `json:"filename"`
	MimeType   string `json:"mimeType"`
	Base64Data string `json:"base64Data"`
}

type image struct{ block chat.Block }

// decodeAttachments checks each attachment and turns it into an image
// block for the model.
func decodeAttachments(atts []Attachment) ([]image, error) {
	var out []image
	for i, a := range atts {
		bad := func(format string, args ...any) error {
			return chat.Errorf(chat.CodeInvalid, "Invalid attachment %d: %s", i+1, fmt.Sprintf(format, args...))
		}
		if n := utf8.RuneCountInString(a.Filename); n < 1 || n > 255 {
			return nil, bad("filename must have 1 to 255 characters")
		}
		if a.MimeType != "image/jpeg" && a.MimeType != "image/png" {
			return nil, bad("only image/jpeg and image/png are accepted")
		}
		if base64.StdEncoding.DecodedLen(len(a.Base64Data)) > MaxImageBytes+3 {
			return nil, bad("image exceeds the maximum of 5 MB")
		}
		raw, err := base64.StdEncoding.DecodeString(a.Base64Data)
		if err != nil {
			return nil, bad("the data is not valid base64")
		}
		if len(raw) > MaxImageBytes {
			return nil, bad("image size (%.1f MB) exceeds the maximum of 5 MB", float64(len(raw))/(1<<20))
		}
		if len(raw) == 0 {
			return nil, bad("the image is empty")
		}
		out = append(out, image{chat.Block{Type: chat.BlockImage, MediaType: a.MimeType, Data: a.Base64Data}})
	}
	return out, nil
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
