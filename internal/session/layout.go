package session

import (
	"os"
	"path"
	"path/filepath"

	"github.com/specwright/specwright/internal/chat"
	"github.com/specwright/specwright/internal/spec"
)

// The folders a project may keep its spec files in, as the reference's
// lineage did: AutoForge's current .autoforge/prompts, the earlier
// .autocoder/prompts, and prompts. A project that already has a spec in
// one of them keeps using it, found in this order.
const (
	PromptsDir          = "prompts"
	AutoForgePromptsDir = ".autoforge/prompts"
	autocoderPromptsDir = ".autocoder/prompts"
)

var promptsDirs = []string{AutoForgePromptsDir, autocoderPromptsDir, PromptsDir}

// specPaths are the spec files, and the hand-off files beside them, in
// one prompts folder, relative to the project folder.
type specPaths struct {
	dir, appSpec, initializer, status, featureList string
}

func pathsIn(dir string) specPaths {
	return specPaths{
		dir:         dir,
		appSpec:     dir + "/" + spec.FileAppSpec,
		initializer: dir + "/" + spec.FileInitializer,
		status:      dir + "/.spec_status.json",
		featureList: dir + "/feature_list.json",
	}
}

// promptsDir returns the prompts folder of a project: the first of the
// known folders that holds an app_spec.txt, else the configured default.
func (s *Service) promptsDir(project string) string {
	root := s.projectDir(project)
	for _, d := range promptsDirs {
		if fi, err := os.Stat(filepath.Join(root, filepath.FromSlash(d), spec.FileAppSpec)); err == nil && fi.Mode().IsRegular() {
			return d
		}
	}
	if s.cfg.PromptsDir != "" {
		return s.cfg.PromptsDir
	}
	return PromptsDir
}

// isSpecFile reports whether rel is one of the two spec files in one of
// the known prompts folders.
func isSpecFile(rel string) bool {
	base, dir := path.Base(rel), path.Dir(rel)
	if base != spec.FileAppSpec && base != spec.FileInitializer {
		return false
	}
	for _, d := range promptsDirs {
		if dir == d {
			return true
		}
	}
	return false
}

// writtenDir is the prompts folder of the spec file the session wrote
// last, or "" when it wrote none: the folder the check reads.
func writtenDir(written []string) string {
	for i := len(written) - 1; i >= 0; i-- {
		if isSpecFile(written[i]) {
			return path.Dir(written[i])
		}
	}
	return ""
}

// sessionPaths are the files of the prompts folder the session wrote its
// spec files in (the default one when it wrote none).
func sessionPaths(ses chat.Session) specPaths {
	if d := writtenDir(ses.Written); d != "" {
		return pathsIn(d)
	}
	return pathsIn(PromptsDir)
}
