//go:build !unix

package main

import "os"

// lockFile takes no lock where flock does not exist: the data folder is
// then not protected from a second server.
func lockFile(*os.File) error { return nil }

func unlockFile(*os.File) error { return nil }
