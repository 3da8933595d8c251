package httpapi

import (
	"net/http"
	"strconv"

	"github.com/specwright/specwright/internal/chat"
)

func (s *server) listSessions(w http.ResponseWriter, r *http.Request) {
	names, err := s.svc.ActiveProjects(r.Context())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, names)
}

func (s *server) getSession(w http.ResponseWriter, r *http.Request) {
	info, err := s.svc.Info(r.Context(), r.PathValue("name"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, info)
}

func (s *server) cancelSession(w http.ResponseWriter, r *http.Request) {
	if err := s.svc.Cancel(r.Context(), r.PathValue("name")); err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"success": true, "message": "Session cancelled"})
}

func (s *server) specStatus(w http.ResponseWriter, r *http.Request) {
	st, err := s.svc.SpecStatus(r.Context(), r.PathValue("name"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, st)
}

// transcriptBody is the transcript route's answer.
type transcriptBody struct {
	ProjectName string       `json:"project_name"`
	SessionID   int64        `json:"session_id"`
	Status      string       `json:"status"`
	IsComplete  bool         `json:"is_complete"`
	Events      []chat.Event `json:"events"`
}

func (s *server) transcript(w http.ResponseWriter, r *http.Request) {
	var after int64
	if v := r.URL.Query().Get("after_seq"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 0 {
			writeJSON(w, http.StatusBadRequest, detail{"after_seq must be a non-negative integer"})
			return
		}
		after = n
	}
	ses, evs, err := s.svc.Transcript(r.Context(), r.PathValue("name"), after)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, transcriptBody{
		ProjectName: ses.Project, SessionID: ses.ID, Status: string(ses.Status),
		IsComplete: ses.IsComplete(), Events: evs,
	})
}

func (s *server) info(w http.ResponseWriter, r *http.Request) {
	name, model := s.svc.Backend()
	body := map[string]any{"provider": name, "model": model}
	if s.cfg.ProviderChoice != nil {
		body["choice"] = s.cfg.ProviderChoice
	}
	if s.cfg.Version != "" {
		body["version"] = s.cfg.Version
	}
	if s.cfg.Commit != "" {
		body["commit"] = s.cfg.Commit
	}
	writeJSON(w, http.StatusOK, body)
}
