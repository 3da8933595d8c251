package httpapi

import (
	"net/http"
	"strconv"

	"github.com/specwright/specwright/internal/chat"
)

// The routes of a project's history: spec versions, their diff and
// provenance, restore, earlier sessions, rename and delete.

func (s *server) listVersions(w http.ResponseWriter, r *http.Request) {
	vs, err := s.svc.Versions(r.Context(), r.PathValue("name"))
	s.answer(w, r, vs, err)
}

func (s *server) getVersion(w http.ResponseWriter, r *http.Request) {
	n, ok := versionNumber(w, r.PathValue("n"), "version", false)
	if !ok {
		return
	}
	v, err := s.svc.Version(r.Context(), r.PathValue("name"), n)
	s.answer(w, r, v, err)
}

func (s *server) diffVersions(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	from, ok := versionNumber(w, q.Get("from"), "from", false)
	if !ok {
		return
	}
	to, ok := versionNumber(w, q.Get("to"), "to", true)
	if !ok {
		return
	}
	d, err := s.svc.Diff(r.Context(), r.PathValue("name"), from, to)
	s.answer(w, r, d, err)
}

func (s *server) provenance(w http.ResponseWriter, r *http.Request) {
	n, ok := versionNumber(w, r.URL.Query().Get("version"), "version", true)
	if !ok {
		return
	}
	p, err := s.svc.Provenance(r.Context(), r.PathValue("name"), n)
	s.answer(w, r, p, err)
}

func (s *server) restoreVersion(w http.ResponseWriter, r *http.Request) {
	n, ok := versionNumber(w, r.PathValue("n"), "version", false)
	if !ok {
		return
	}
	v, err := s.svc.Restore(r.Context(), r.PathValue("name"), n)
	s.answer(w, r, v, err)
}

func (s *server) listProjectSessions(w http.ResponseWriter, r *http.Request) {
	ss, err := s.svc.Sessions(r.Context(), r.PathValue("name"))
	s.answer(w, r, ss, err)
}

func (s *server) projectSession(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id < 1 {
		writeJSON(w, http.StatusBadRequest, detail{"The session id must be a positive integer"})
		return
	}
	ses, evs, err := s.svc.SessionTranscript(r.Context(), r.PathValue("name"), id)
	s.answer(w, r, transcriptBody{
		ProjectName: ses.Project, SessionID: ses.ID, Status: string(ses.Status),
		IsComplete: ses.IsComplete(), Events: evs,
	}, err)
}

func (s *server) renameProject(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Name string `json:"name"`
	}
	if !decodeJSON(w, r, &body) {
		return
	}
	err := s.svc.RenameProject(r.Context(), r.PathValue("name"), body.Name)
	s.answer(w, r, chat.Project{Name: body.Name}, err)
}

func (s *server) deleteProject(w http.ResponseWriter, r *http.Request) {
	err := s.svc.DeleteProject(r.Context(), r.PathValue("name"))
	s.answer(w, r, map[string]any{"success": true}, err)
}

// answer writes v, or err when there is one.
func (s *server) answer(w http.ResponseWriter, r *http.Request, v any, err error) {
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, v)
}

// versionNumber reads a version number; optional allows "" as 0 (the
// latest). It answers the request itself when the value is bad.
func versionNumber(w http.ResponseWriter, v, what string, optional bool) (int, bool) {
	if v == "" && optional {
		return 0, true
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		writeJSON(w, http.StatusBadRequest, detail{what + " must be a version number (1, 2, …)"})
		return 0, false
	}
	return n, true
}
