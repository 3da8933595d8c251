package httpapi

import (
	"encoding/json"
	"net/http"

	"github.com/specwright/specwright/internal/chat"
)

// detail is the error body of the reference protocol.
type detail struct {
	Detail string `json:"detail"`
}

// status maps an error code to its HTTP status: the only such mapping.
func status(code chat.Code) int {
	switch code {
	case chat.CodeInvalid:
		return http.StatusBadRequest
	case chat.CodeNotFound:
		return http.StatusNotFound
	case chat.CodeConflict:
		return http.StatusConflict
	case chat.CodeLimit:
		return http.StatusTooManyRequests
	case chat.CodeStorage:
		return http.StatusServiceUnavailable
	default:
		return http.StatusInternalServerError
	}
}

// writeError answers with err's user-facing message; internal errors are
// logged and answered with a text that reveals nothing of the server.
func (s *server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	code := chat.ErrorCode(err)
	if code == chat.CodeInternal || code == chat.CodeStorage {
		s.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	writeJSON(w, status(code), detail{chat.ErrorMessage(err)})
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(code)
	json.NewEncoder(w).Encode(v)
}
