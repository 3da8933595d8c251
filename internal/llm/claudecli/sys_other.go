//go:build !unix

package claudecli

import (
	"os"
	"os/exec"
)

func setProcessGroup(*exec.Cmd) {}

// killGroup kills p; without process groups, what p started survives.
func killGroup(p *os.Process) { _ = p.Kill() }
