package httpapi

import (
	"context"

	"github.com/coder/websocket"
)

// projectExists reports whether the project exists; when it does not (or
// cannot be looked up) it refuses the socket with the reason and reports
// false.
func (s *server) projectExists(ctx context.Context, name string, refuse func(websocket.StatusCode, string)) bool {
	ok, err := s.svc.HasProject(ctx, name)
	switch {
	case err != nil:
		s.log.Error("look up project", "project", name, "err", err)
		refuse(websocket.StatusInternalError, "The project could not be looked up; try again")
		return false
	case !ok:
		refuse(closeProjectNotFound, "Project not found; create it first with POST /api/projects")
		return false
	}
	return true
}
