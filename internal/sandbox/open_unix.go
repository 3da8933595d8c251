//go:build unix

package sandbox

import (
	"errors"
	"os"
	"syscall"
)

// readFlags opens files for reading without blocking, so that a FIFO
// swapped in after the first check cannot hang the open.
const readFlags = os.O_RDONLY | syscall.O_NONBLOCK

// syncDirs says whether directories can and should be fsynced.
const syncDirs = true

// dirSyncUnsupported reports an fsync error that only says the file
// system does not sync directories.
func dirSyncUnsupported(err error) bool {
	return errors.Is(err, syscall.EINVAL) || errors.Is(err, syscall.ENOTSUP)
}
