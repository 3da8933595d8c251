//go:build unix && !linux

package claudecli

import "syscall"

func setDeathSignal(*syscall.SysProcAttr) {}
