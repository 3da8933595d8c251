package session

import (
	"context"

	"github.com/specwright/specwright/internal/chat"
	"github.com/specwright/specwright/internal/spec"
)

// Origin is a version and the moment of the interview that produced it:
// the session, and the seq of the user message or answer of that turn
// (0 when there was none, as for a restore).
type Origin struct {
	Version   int   `json:"version"`
	SessionID int64 `json:"session_id"`
	Seq       int64 `json:"seq"`
}

// FeatureOrigin is where one feature of a version came from.
type FeatureOrigin struct {
	ID         string `json:"id,omitempty"`
	Name       string `json:"name"`
	Category   string `json:"category"`
	Introduced Origin `json:"introduced"`
	Changed    Origin `json:"changed"`
}

// Provenance is the provenance route's answer.
type Provenance struct {
	Version  int             `json:"version"`
	Features []FeatureOrigin `json:"features"`
}

// Provenance traces each feature of version n (0: the latest) back
// through the versions before it: the version that introduced it and
// the one that last changed it. A restore is traced from the version it
// restores, so restored features keep the moments they came from.
func (s *Service) Provenance(ctx context.Context, project string, n int) (Provenance, error) {
	h, err := s.historyOf(ctx, project)
	if err != nil {
		return Provenance{}, err
	}
	list, err := h.Versions(ctx, project, true)
	if err != nil {
		return Provenance{}, err
	}
	if n == 0 {
		n = len(list)
	}
	if n < 1 || n > len(list) || list[n-1].Number != n {
		return Provenance{}, chat.Errorf(chat.CodeNotFound, "Version %d not found", n)
	}
	type traced struct {
		spec    *spec.Spec
		origins []FeatureOrigin
	}
	done := make([]traced, n+1) // by version number
	for _, v := range list[:n] {
		cur, _ := spec.Parse([]byte(v.AppSpec))
		if cur == nil {
			cur = &spec.Spec{}
		}
		prev := done[v.Number-1]
		if v.RestoredFrom > 0 && v.RestoredFrom < v.Number {
			prev = done[v.RestoredFrom]
		}
		here := Origin{Version: v.Number, SessionID: v.SessionID, Seq: v.Seq}
		links := spec.Trace(prev.spec, cur)
		var origins []FeatureOrigin
		i := 0
		for _, c := range cur.Categories {
			for _, f := range c.Features {
				o := FeatureOrigin{ID: f.ID, Name: f.Name, Category: c.Name, Introduced: here, Changed: here}
				if l := links[i]; l.From >= 0 {
					o.Introduced = prev.origins[l.From].Introduced
					if !l.Changed {
						o.Changed = prev.origins[l.From].Changed
					}
				}
				origins = append(origins, o)
				i++
			}
		}
		done[v.Number] = traced{cur, origins}
	}
	out := Provenance{Version: n, Features: done[n].origins}
	if out.Features == nil {
		out.Features = []FeatureOrigin{}
	}
	return out, nil
}
