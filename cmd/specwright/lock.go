package main

import (
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"
)

// lockName is the file in the data folder that one server at a time
// holds locked; it says which server that is.
const lockName = "specwright.lock"

// dataLock is the data folder held by this server.
type dataLock struct{ f *os.File }

// errLocked reports that another process holds the lock.
var errLocked = errors.New("locked")

// lockDataDir takes the data folder for this server, listening at url:
// two servers on one folder would serve the same projects and run the
// same interviews twice. The lock is the operating system's (see
// lock_unix.go), so it ends with the process however it ends.
func lockDataDir(dir, url string) (*dataLock, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("create data folder: %w", err)
	}
	path := filepath.Join(dir, lockName)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("open the lock of the data folder: %w", err)
	}
	if err := lockFile(f); err != nil {
		f.Close()
		if errors.Is(err, errLocked) {
			return nil, fmt.Errorf("the data folder %s is in use by another specwright server (%s); stop it first, or give this one another --data-dir", dir, lockHolder(dir))
		}
		return nil, fmt.Errorf("lock the data folder: %w", err)
	}
	// Who holds it, for the next one to say.
	if err := f.Truncate(0); err == nil {
		fmt.Fprintf(f, "pid %d\naddress %s\n", os.Getpid(), url)
		_ = f.Sync()
	}
	return &dataLock{f: f}, nil
}

func (l *dataLock) release() {
	_ = l.f.Truncate(0)
	_ = unlockFile(l.f)
	_ = l.f.Close()
}

// lockHolder describes the server that holds dir's lock, from what it
// wrote there.
func lockHolder(dir string) string {
	data, err := os.ReadFile(filepath.Join(dir, lockName))
	if err != nil {
		return "which one could not be read"
	}
	var pid, addr string
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, "pid "); ok {
			pid = v
		}
		if v, ok := strings.CutPrefix(line, "address "); ok {
			addr = v
		}
	}
	switch {
	case pid == "":
		return "it has not said which yet"
	case addr == "":
		return "PID " + pid
	default:
		return "PID " + pid + ", listening on " + addr
	}
}

// listenError explains a failure to listen; when the address is taken,
// it says by whom if that is the server of the same data folder.
func listenError(err error, dataDir string) error {
	if !errors.Is(err, syscall.EADDRINUSE) {
		return err
	}
	var oe *net.OpError
	addr := ""
	if errors.As(err, &oe) && oe.Addr != nil {
		addr = oe.Addr.String()
	}
	msg := fmt.Sprintf("%s is already in use", addr)
	if _, statErr := os.Stat(filepath.Join(dataDir, lockName)); statErr == nil {
		if who := lockHolder(dataDir); strings.HasPrefix(who, "PID") {
			msg += " (this data folder's server says: " + who + "; is it still running?)"
		}
	}
	return errors.New(msg + "; stop what uses it, or pick another port with --addr (port 0 picks a free one)")
}
