//go:build !unix

package sandbox

import "os"

// readFlags opens files for reading. Outside Unix there are no FIFOs to
// fear in a folder.
const readFlags = os.O_RDONLY

// syncDirs says whether directories can and should be fsynced: Windows
// cannot flush a directory handle, and renames there are journaled.
const syncDirs = false

func dirSyncUnsupported(error) bool { return false }
