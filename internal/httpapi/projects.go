package httpapi

import (
	"encoding/json"
	"errors"
	"mime"
	"net/http"
	"os"
)

// maxBody caps a JSON request body.
const maxBody = 64 << 10

func (s *server) listProjects(w http.ResponseWriter, r *http.Request) {
	ps, err := s.svc.Projects(r.Context())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, ps)
}

func (s *server) createProject(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Name string `json:"name"`
	}
	if !decodeJSON(w, r, &body) {
		return
	}
	p, err := s.svc.CreateProject(r.Context(), body.Name)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, p)
}

func (s *server) projectSpec(w http.ResponseWriter, r *http.Request) {
	files, err := s.svc.Spec(r.Context(), r.PathValue("name"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, files)
}

// decodeJSON reads a JSON body of at most maxBody bytes into v, or
// answers the request with the reason it cannot.
func decodeJSON(w http.ResponseWriter, r *http.Request, v any) bool {
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/json" {
		writeJSON(w, http.StatusUnsupportedMediaType, detail{"Send the body as JSON with Content-Type: application/json"})
		return false
	}
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var tooBig *http.MaxBytesError
		switch {
		case errors.As(err, &tooBig):
			writeJSON(w, http.StatusRequestEntityTooLarge, detail{"The body is too large"})
		case errors.Is(err, os.ErrDeadlineExceeded):
			writeJSON(w, http.StatusRequestTimeout, detail{"The body took too long to arrive; send it at once"})
		default:
			writeJSON(w, http.StatusBadRequest, detail{"Invalid JSON body: " + err.Error()})
		}
		return false
	}
	return true
}
