//go:build unix

package sandbox

import (
	"errors"
	"net"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// within fails the test if op does not return within d.
func within(t *testing.T, d time.Duration, op func() error) error {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- op() }()
	select {
	case err := <-done:
		return err
	case <-time.After(d):
		t.Fatalf("operation still blocked after %v", d)
		return nil
	}
}

func TestFIFO(t *testing.T) {
	f := newFixture(t, Limits{})
	p := filepath.Join(f.dir, "pipe")
	if err := syscall.Mkfifo(p, 0o644); err != nil {
		t.Skip("mkfifo:", err)
	}
	err := within(t, time.Second, func() error { _, err := f.d.ReadFile("pipe"); return err })
	if !errors.Is(err, ErrNotRegular) {
		t.Fatalf("ReadFile(fifo) = %v; want ErrNotRegular", err)
	}
	f.noFolder(t, err)
	err = within(t, time.Second, func() error { return f.d.WriteFile("pipe", []byte("x")) })
	if !errors.Is(err, ErrNotRegular) {
		t.Fatalf("WriteFile(fifo) = %v; want ErrNotRegular", err)
	}
	// Even if a FIFO is swapped in after the first check, the open that
	// ReadFile does returns at once.
	err = within(t, time.Second, func() error {
		fh, err := f.d.root.OpenFile("pipe", readFlags, 0)
		if err == nil {
			fh.Close()
		}
		return err
	})
	if err != nil {
		t.Fatalf("non-blocking open of a FIFO: %v", err)
	}
	// A symbolic link to the FIFO is no better.
	if err := os.Symlink("pipe", filepath.Join(f.dir, "pipelink")); err != nil {
		t.Fatal(err)
	}
	err = within(t, time.Second, func() error { _, err := f.d.ReadFile("pipelink"); return err })
	if !errors.Is(err, ErrNotRegular) {
		t.Fatalf("ReadFile(link to fifo) = %v; want ErrNotRegular", err)
	}
}

func TestSocket(t *testing.T) {
	f := newFixture(t, Limits{})
	p := filepath.Join(f.dir, "s")
	l, err := net.Listen("unix", p)
	if err != nil {
		t.Skip("unix socket:", err)
	}
	defer l.Close()
	err = within(t, time.Second, func() error { _, err := f.d.ReadFile("s"); return err })
	if !errors.Is(err, ErrNotRegular) {
		t.Fatalf("ReadFile(socket) = %v; want ErrNotRegular", err)
	}
}
