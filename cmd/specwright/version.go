package main

import (
	"context"
	"fmt"
	"runtime/debug"
)

// buildVersion is what the binary knows of its own build: the module
// version (a tag, a pseudo-version, or "(devel)" for a build from a work
// tree) and the VCS commit it was built from, which Go records when it
// builds inside a repository.
type buildVersion struct {
	Version  string `json:"version"`
	Commit   string `json:"commit,omitempty"`
	Time     string `json:"commit_time,omitempty"`
	Modified bool   `json:"modified,omitempty"` // built with uncommitted changes
}

// readVersion reads the running binary's build information.
func readVersion() buildVersion {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return buildVersion{Version: "unknown"}
	}
	return versionOf(bi)
}

func versionOf(bi *debug.BuildInfo) buildVersion {
	v := buildVersion{Version: bi.Main.Version}
	if v.Version == "" {
		v.Version = "(devel)"
	}
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			v.Commit = s.Value
		case "vcs.time":
			v.Time = s.Value
		case "vcs.modified":
			v.Modified = s.Value == "true"
		}
	}
	return v
}

func (v buildVersion) String() string {
	s := "specwright " + v.Version
	if v.Commit == "" {
		return s + " (commit unknown: built outside a git checkout, or with -buildvcs=false)"
	}
	s += ", commit " + v.Commit
	if v.Time != "" {
		s += " of " + v.Time
	}
	if v.Modified {
		s += ", with uncommitted changes"
	}
	return s
}

// cmdVersion is `specwright version` (and --version).
func cmdVersion(_ context.Context, args []string, c cli) int {
	if len(args) == 1 && (args[0] == "-h" || args[0] == "--help" || args[0] == "-help") {
		fmt.Fprintln(c.stderr, "usage: specwright version\n\nPrints the version and commit of this build.")
		return 0
	}
	if len(args) > 0 {
		fmt.Fprintf(c.stderr, "specwright version: unexpected argument %q\n", args[0])
		return 2
	}
	fmt.Fprintln(c.stdout, readVersion())
	return 0
}
