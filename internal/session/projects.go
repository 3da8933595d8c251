package session

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"sort"
	"time"

	"github.com/specwright/specwright/internal/chat"
	"github.com/specwright/specwright/internal/sandbox"
	"github.com/specwright/specwright/internal/spec"
)

// ProjectInfo is one row of the project list.
type ProjectInfo struct {
	Name         string          `json:"name"`
	CreatedAt    time.Time       `json:"created_at"`
	UpdatedAt    time.Time       `json:"updated_at"`
	Status       chat.SpecStatus `json:"status"`
	FeatureCount *int            `json:"feature_count"`
	Active       bool            `json:"active"`
}

// Projects lists every project with the state of its latest session,
// the most recently active first.
func (s *Service) Projects(ctx context.Context) ([]ProjectInfo, error) {
	ps, err := s.cfg.Store.ListProjects(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]ProjectInfo, 0, len(ps))
	for _, p := range ps {
		info := ProjectInfo{Name: p.Name, CreatedAt: p.CreatedAt, UpdatedAt: p.CreatedAt, Status: chat.SpecNotStarted}
		// The store lists each project with its latest session: one query
		// for the whole list.
		if ses := p.Latest; ses != nil {
			info.UpdatedAt, info.Active = ses.UpdatedAt, ses.Status == chat.SessionActive
			info.Status = ses.SpecStatus
			if info.Status == chat.SpecComplete {
				n := ses.FeatureCount
				info.FeatureCount = &n
			}
		}
		out = append(out, info)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].UpdatedAt.After(out[j].UpdatedAt) })
	return out, nil
}

// CreateProject creates an empty project.
func (s *Service) CreateProject(ctx context.Context, name string) (chat.Project, error) {
	if err := s.CheckProject(ctx, name); err != nil {
		return chat.Project{}, err
	}
	if _, err := s.cfg.Store.GetProject(ctx, name); err == nil {
		return chat.Project{}, chat.Errorf(chat.CodeConflict, "A project named %q already exists", name)
	} else if chat.ErrorCode(err) != chat.CodeNotFound {
		return chat.Project{}, err
	}
	p, err := s.cfg.Store.EnsureProject(ctx, name)
	if err != nil {
		return p, err
	}
	if err := os.MkdirAll(s.projectDir(name), 0o755); err != nil {
		return p, fmt.Errorf("create project folder: %w", err)
	}
	return p, nil
}

// HasProject reports whether the project exists in the store.
func (s *Service) HasProject(ctx context.Context, name string) (bool, error) {
	_, err := s.cfg.Store.GetProject(ctx, name)
	switch {
	case err == nil:
		return true, nil
	case chat.ErrorCode(err) == chat.CodeNotFound:
		return false, nil
	}
	return false, err
}

// SpecFiles is a project's spec files as they are on disk, checked now.
type SpecFiles struct {
	AppSpec     *string     `json:"app_spec"`
	Initializer *string     `json:"initializer_prompt"`
	Report      spec.Report `json:"report"`
	// Folder is the project's folder on the server's disk, where the
	// files are written; shown so the user can find them.
	Folder string `json:"folder"`
}

// Spec reads and checks the project's spec files.
func (s *Service) Spec(ctx context.Context, project string) (SpecFiles, error) {
	var out SpecFiles
	if !chat.ValidProjectName(project) {
		return out, chat.Errorf(chat.CodeInvalid, "Invalid project name")
	}
	out.Folder = s.projectDir(project)
	if _, err := s.cfg.Store.GetProject(ctx, project); err != nil {
		if code := chat.ErrorCode(err); code != chat.CodeNotFound && code != chat.CodeConflict {
			return out, err // a store failure is no "not found"
		}
		return out, chat.Errorf(chat.CodeNotFound, "Project not found")
	}
	dir, err := sandbox.Open(s.projectDir(project), sandbox.Limits{})
	if errors.Is(err, fs.ErrNotExist) {
		out.Report = spec.Check(nil, nil)
		return out, nil
	}
	if err != nil {
		return out, fmt.Errorf("open project folder: %w", err)
	}
	defer dir.Close()
	read := func(rel string) *string {
		data, err := dir.ReadFile(rel)
		if err != nil {
			return nil
		}
		text := string(data)
		return &text
	}
	p := pathsIn(s.promptsDir(project))
	out.AppSpec, out.Initializer = read(p.appSpec), read(p.initializer)
	var a, i []byte
	if out.AppSpec != nil {
		a = []byte(*out.AppSpec)
	}
	if out.Initializer != nil {
		i = []byte(*out.Initializer)
	}
	out.Report = spec.Check(a, i)
	return out, nil
}
