package session

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"time"

	"github.com/specwright/specwright/internal/chat"
	"github.com/specwright/specwright/internal/sandbox"
	"github.com/specwright/specwright/internal/spec"
)

// history is the store's history part; a store without one keeps no
// versions, and the version routes say so.
func (s *Service) history() (chat.HistoryStore, error) {
	h, ok := s.cfg.Store.(chat.HistoryStore)
	if !ok {
		return nil, chat.Errorf(chat.CodeNotFound, "This server keeps no spec versions")
	}
	return h, nil
}

// recordVersion stores the files a turn just announced complete as the
// project's next version, and tells v2 sockets what changed. It runs
// where spec_complete is sent, so there is one version per spec_complete.
func (s *Service) recordVersion(ses chat.Session, v verdict) {
	h, err := s.history()
	if err != nil {
		return
	}
	ctx := context.WithoutCancel(s.ctx)
	seq, err := h.LastUserSeq(ctx, ses.ID)
	if err != nil {
		s.log.Error("find the turn's message", "project", ses.Project, "err", err)
	}
	s.storeVersion(ctx, h, &ses, chat.Version{Project: ses.Project, SessionID: ses.ID, Seq: seq}, v.appSpec, v.initializer, v.report)
}

// storeVersion adds a version of the files and emits its version event
// (stored in ses's transcript when there is a session, else only sent).
func (s *Service) storeVersion(ctx context.Context, h chat.HistoryStore, ses *chat.Session, ver chat.Version, appSpec, initializer []byte, report spec.Report) (chat.Version, error) {
	ver.AppSpec, ver.Initializer, ver.Hash = string(appSpec), string(initializer), fileHash(appSpec, initializer)
	ver.Score = report.Score
	if report.Spec != nil {
		ver.FeatureCount, ver.Features = report.Spec.FeatureCount, report.Spec.FeatureLines()
	}
	var prev *chat.Version
	if list, err := h.Versions(ctx, ver.Project, false); err == nil && len(list) > 0 {
		if p, err := h.GetVersion(ctx, ver.Project, list[len(list)-1].Number); err == nil {
			prev = &p
		}
	}
	stored, err := h.AddVersion(ctx, ver)
	if err != nil {
		s.log.Error("store version", "project", ver.Project, "err", err)
		return stored, err
	}
	ev := chat.Event{Type: chat.EventVersion, Version: note(prev, stored)}
	if ses != nil && ses.ID != 0 {
		s.emit(*ses, ev)
	} else {
		s.publish(ver.Project, ev)
	}
	return stored, nil
}

func fileHash(appSpec, initializer []byte) string {
	h := sha256.New()
	h.Write(appSpec)
	h.Write([]byte{0})
	h.Write(initializer)
	return hex.EncodeToString(h.Sum(nil))
}

// note summarises what changed from prev (nil for the first version).
func note(prev *chat.Version, cur chat.Version) *chat.VersionNote {
	var d spec.Diff
	if prev == nil {
		d = spec.CompareFiles(nil, nil, []byte(cur.AppSpec), []byte(cur.Initializer))
	} else {
		d = spec.CompareFiles([]byte(prev.AppSpec), []byte(prev.Initializer), []byte(cur.AppSpec), []byte(cur.Initializer))
	}
	n := &chat.VersionNote{Number: cur.Number, RestoredFrom: cur.RestoredFrom, Summary: d.Summary(),
		Added: []string{}, Changed: []string{}, Removed: []string{}}
	key := func(r spec.FeatureRef) string {
		if r.ID != "" {
			return r.ID
		}
		return r.Name
	}
	for _, r := range d.Features.Added {
		n.Added = append(n.Added, key(r))
	}
	for _, c := range d.Features.Changed {
		n.Changed = append(n.Changed, key(c.FeatureRef))
	}
	for _, r := range d.Features.Removed {
		n.Removed = append(n.Removed, key(r))
	}
	if prev == nil {
		n.Summary = fmt.Sprintf("the first version, %d features", cur.Features)
	}
	return n
}

// historyOf returns the history store for an existing project, or why
// there is none: no history kept, an invalid name, no such project.
func (s *Service) historyOf(ctx context.Context, project string) (chat.HistoryStore, error) {
	h, err := s.history()
	if err != nil {
		return nil, err
	}
	return h, s.checkName(ctx, project)
}

// checkName refuses an invalid name and a project that does not exist.
func (s *Service) checkName(ctx context.Context, project string) error {
	if !chat.ValidProjectName(project) {
		return chat.Errorf(chat.CodeInvalid, "Invalid project name")
	}
	if _, err := s.cfg.Store.GetProject(ctx, project); err != nil {
		if chat.ErrorCode(err) == chat.CodeConflict {
			return chat.Errorf(chat.CodeNotFound, "Project not found")
		}
		return err
	}
	return nil
}

// Versions lists the project's versions, oldest first, without files.
func (s *Service) Versions(ctx context.Context, project string) ([]chat.Version, error) {
	h, err := s.historyOf(ctx, project)
	if err != nil {
		return nil, err
	}
	return h.Versions(ctx, project, false)
}

// VersionFiles is one version with its files and their check now.
type VersionFiles struct {
	chat.Version
	Report spec.Report `json:"report"`
}

// Version returns version n of the project; n = 0 is the latest.
func (s *Service) Version(ctx context.Context, project string, n int) (VersionFiles, error) {
	h, err := s.historyOf(ctx, project)
	if err != nil {
		return VersionFiles{}, err
	}
	if n == 0 {
		list, err := h.Versions(ctx, project, false)
		if err != nil {
			return VersionFiles{}, err
		}
		if len(list) == 0 {
			return VersionFiles{}, chat.Errorf(chat.CodeNotFound, "This project has no spec version yet")
		}
		n = list[len(list)-1].Number
	}
	v, err := h.GetVersion(ctx, project, n)
	if err != nil {
		return VersionFiles{}, err
	}
	return VersionFiles{Version: v, Report: spec.Check([]byte(v.AppSpec), []byte(v.Initializer))}, nil
}

// VersionDiff is the diff route's answer.
type VersionDiff struct {
	From    int       `json:"from"`
	To      int       `json:"to"`
	Summary string    `json:"summary"`
	Diff    spec.Diff `json:"diff"`
}

// Diff compares versions from and to of the project (to = 0: the latest).
func (s *Service) Diff(ctx context.Context, project string, from, to int) (VersionDiff, error) {
	b, err := s.Version(ctx, project, to)
	if err != nil {
		return VersionDiff{}, err
	}
	a, err := s.Version(ctx, project, from)
	if from == 0 {
		err = chat.Errorf(chat.CodeInvalid, "Say which version to compare from: from=N")
	}
	if err != nil {
		return VersionDiff{}, err
	}
	d := spec.CompareFiles([]byte(a.AppSpec), []byte(a.Initializer), []byte(b.AppSpec), []byte(b.Initializer))
	return VersionDiff{From: a.Number, To: b.Number, Summary: d.Summary(), Diff: d}, nil
}

// Restore makes version n the current files again: both are written
// atomically into the project folder, checked, and stored as a new
// version that says which one it restores. Nothing is lost: the version
// that was current stays in the list. A running turn refuses it.
func (s *Service) Restore(ctx context.Context, project string, n int) (VersionFiles, error) {
	h, err := s.historyOf(ctx, project)
	if err != nil {
		return VersionFiles{}, err
	}
	old, err := h.GetVersion(ctx, project, n)
	if err != nil {
		return VersionFiles{}, err
	}
	release, err := s.reserve(project)
	if err != nil {
		return VersionFiles{}, err
	}
	defer release()
	if err := os.MkdirAll(s.projectDir(project), 0o755); err != nil {
		return VersionFiles{}, fmt.Errorf("create project folder: %w", err)
	}
	dir, err := sandbox.Open(s.projectDir(project), sandbox.Limits{})
	if err != nil {
		return VersionFiles{}, fmt.Errorf("open project folder: %w", err)
	}
	defer dir.Close()
	p := pathsIn(s.promptsDir(project)) // the project's layout
	for _, f := range []struct{ rel, data string }{{p.appSpec, old.AppSpec}, {p.initializer, old.Initializer}} {
		if err := dir.WriteFile(f.rel, []byte(f.data)); err != nil {
			return VersionFiles{}, fmt.Errorf("restore %s: %w", f.rel, err)
		}
	}
	// Check what is on disk now, not what was stored.
	a, errA := dir.ReadFile(p.appSpec)
	i, errI := dir.ReadFile(p.initializer)
	if errA != nil || errI != nil {
		return VersionFiles{}, fmt.Errorf("read restored files: %v %v", errA, errI)
	}
	report := spec.Check(a, i)
	var sesp *chat.Session
	if ses, err := s.cfg.Store.ActiveSession(ctx, project); err == nil {
		// The restored files are this session's current spec: the next
		// turn continues from them, and an unchanged rewrite of them is
		// not announced again.
		for _, rel := range []string{p.appSpec, p.initializer} {
			if !ses.HasWritten(rel) {
				ses.Written = append(ses.Written, rel)
			}
		}
		ses.VerifiedAt, ses.SpecStatus = time.Now(), chat.SpecError
		if report.OK() {
			ses.SpecStatus, ses.CompleteHash, ses.FeatureCount = chat.SpecComplete, fileHash(a, i), report.Spec.FeatureCount
		}
		s.saveSpecState(ses)
		sesp = &ses
	}
	ver := chat.Version{Project: project, RestoredFrom: n}
	if sesp != nil {
		ver.SessionID = sesp.ID
	}
	stored, err := s.storeVersion(context.WithoutCancel(ctx), h, sesp, ver, a, i, report)
	if err != nil {
		return VersionFiles{}, err
	}
	stored.AppSpec, stored.Initializer = string(a), string(i)
	return VersionFiles{Version: stored, Report: report}, nil
}

// reserve takes the project's turn slot for work that must not overlap a
// turn, or says why it cannot; release gives it back.
func (s *Service) reserve(project string) (release func(), err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil, errShutdown
	}
	if _, busy := s.running[project]; busy {
		return nil, chat.Errorf(chat.CodeConflict, "A response is in progress; wait for it to finish")
	}
	h := &turnHandle{cancel: func(error) {}, done: make(chan struct{})}
	s.running[project] = h
	return func() {
		s.mu.Lock()
		delete(s.running, project)
		s.mu.Unlock()
		close(h.done)
	}, nil
}
