package session

import (
	"bytes"
	"encoding/json"
	"errors"
	"io/fs"
	"time"

	"github.com/specwright/specwright/internal/chat"
	"github.com/specwright/specwright/internal/export"
	"github.com/specwright/specwright/internal/sandbox"
	"github.com/specwright/specwright/internal/spec"
)

// The hand-off files the server writes next to the spec when it has
// verified a complete version: the reference's status file and the
// coding agent's feature list (the features export). These are their
// paths in the default layout; they go in the spec's own folder.
const (
	StatusPath      = "prompts/.spec_status.json"
	FeatureListPath = "prompts/" + export.FeatureListFile
)

// SpecStatusFile is prompts/.spec_status.json in the reference's shape.
// The reference has the model write it last; here the server writes it
// from its own verification, so it cannot claim more than was checked.
type SpecStatusFile struct {
	Status       string   `json:"status"`  // "complete", or "in_progress" after a later version failed
	Version      int      `json:"version"` // the file format's version: 1, as the reference writes
	Timestamp    string   `json:"timestamp"`
	FilesWritten []string `json:"files_written"`
	FeatureCount int      `json:"feature_count"`
}

// writeHandoff writes the hand-off files for the version v verified. It
// reads the files again and writes nothing unless they are still that
// version, so the feature list is always the verified spec's. Failures
// are logged: the spec itself is complete either way.
func (s *Service) writeHandoff(ses chat.Session, v verdict) {
	dir, err := sandbox.Open(s.projectDir(ses.Project), sandbox.Limits{})
	if err != nil {
		s.log.Error("hand-off files: open project folder", "project", ses.Project, "err", err)
		return
	}
	defer dir.Close()
	p := v.paths
	appSpec, err1 := dir.ReadFile(p.appSpec)
	initializer, err2 := dir.ReadFile(p.initializer)
	if err := errors.Join(err1, err2); err != nil || fileHash(appSpec, initializer) != v.hash {
		s.log.Warn("hand-off files: the spec changed since it was verified; not written", "project", ses.Project, "err", err)
		return
	}
	model, _ := spec.Parse(appSpec)
	files, err := export.Render(model, export.Features)
	if err != nil {
		s.log.Error("hand-off files: feature list", "project", ses.Project, "err", err)
		return
	}
	status := SpecStatusFile{
		Status:       "complete",
		Version:      1,
		Timestamp:    ses.VerifiedAt.UTC().Format("2006-01-02T15:04:05.000Z"),
		FilesWritten: []string{p.appSpec, p.initializer, p.featureList},
		FeatureCount: v.featureCount,
	}
	// The feature list first: a reader that sees "complete" finds it.
	if err := dir.WriteFile(p.featureList, files[0].Data); err != nil {
		s.log.Error("hand-off files: write feature list", "project", ses.Project, "err", err)
		return
	}
	if err := writeStatusFile(dir, p.status, status); err != nil {
		s.log.Error("hand-off files: write status", "project", ses.Project, "err", err)
	}
}

// retractHandoff marks the status file "in_progress" when the files on
// disk no longer pass, so that a reader polling it does not build from a
// spec that has since been broken. It does nothing when there is no
// status file.
func (s *Service) retractHandoff(ses chat.Session) {
	dir, err := sandbox.Open(s.projectDir(ses.Project), sandbox.Limits{})
	if err != nil {
		return
	}
	defer dir.Close()
	p := sessionPaths(ses)
	data, err := dir.ReadFile(p.status)
	if errors.Is(err, fs.ErrNotExist) {
		return
	}
	var st SpecStatusFile
	if err != nil || json.Unmarshal(data, &st) != nil || st.Status == "in_progress" {
		return
	}
	st.Status = "in_progress"
	st.Timestamp = time.Now().UTC().Format("2006-01-02T15:04:05.000Z")
	if err := writeStatusFile(dir, p.status, st); err != nil {
		s.log.Error("hand-off files: retract status", "project", ses.Project, "err", err)
	}
}

func writeStatusFile(dir *sandbox.Dir, rel string, st SpecStatusFile) error {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	if err := enc.Encode(st); err != nil {
		return err
	}
	return dir.WriteFile(rel, b.Bytes())
}
