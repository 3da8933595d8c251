package claudecli

import "syscall"

// setDeathSignal has the kernel kill the child if the server dies
// without ending it.
func setDeathSignal(a *syscall.SysProcAttr) { a.Pdeathsig = syscall.SIGKILL }
