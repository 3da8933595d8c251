package httpapi

import (
	"context"
	"net/http"
	"time"
)

// health answers liveness: the process serves HTTP. It touches nothing.
func (s *server) health(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

// ready answers readiness: the store answers a query within a second and
// a provider is configured. 503 with the reason otherwise.
func (s *server) ready(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), time.Second)
	defer cancel()
	if err := s.svc.Ready(ctx); err != nil {
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "unavailable", "detail": err.Error()})
		return
	}
	name, _ := s.svc.Backend()
	writeJSON(w, http.StatusOK, map[string]string{"status": "ready", "provider": name})
}
