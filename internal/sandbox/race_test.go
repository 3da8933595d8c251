package sandbox

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
)

// TestRaceSwapDirForSymlink swaps a subdirectory of the folder for a
// symbolic link to the outside, over and over, while writers and readers
// use paths through it. Nothing outside may change, and no read may
// return the outside file's content.
func TestRaceSwapDirForSymlink(t *testing.T) {
	f := newFixture(t, Limits{})
	sub := filepath.Join(f.dir, "sub")
	away := filepath.Join(f.dir, "sub.away")
	mustWrite(t, filepath.Join(sub, "secret.txt"), "inside")
	probe := filepath.Join(f.base, "probe")
	symlinkOrSkip(t, f.outside, probe)
	os.Remove(probe)
	before := snapshot(t, f.outside)

	const iterations = 300
	var stop atomic.Bool
	var swaps atomic.Int64
	var wg sync.WaitGroup
	wg.Go(func() {
		defer stop.Store(true)
		for range iterations {
			if err := os.Rename(sub, away); err != nil {
				continue
			}
			if err := os.Symlink(f.outside, sub); err == nil {
				swaps.Add(1)
			}
			runtime.Gosched()
			// Put the directory back. A writer may have created a fresh
			// "sub" meanwhile (inside the folder, so harmless): drop it,
			// and retry while writers keep recreating it.
			restored := false
			for range 1000 {
				if st, err := os.Lstat(sub); err == nil {
					if st.Mode()&fs.ModeSymlink != 0 {
						os.Remove(sub)
					} else {
						os.RemoveAll(sub)
					}
				}
				if os.Rename(away, sub) == nil {
					restored = true
					break
				}
			}
			if !restored {
				t.Error("could not restore sub")
				return
			}
		}
	})
	var leaks, refused, done atomic.Int64
	for w := range 4 {
		wg.Go(func() {
			for i := 0; !stop.Load(); i++ {
				name := "sub/secret.txt"
				if i%3 == 1 {
					name = "sub/new.txt"
				}
				if i%3 == 2 {
					name = "sub/deeper/x.txt"
				}
				if w%2 == 0 {
					err := f.d.WriteFile(name, []byte("PWNED"))
					done.Add(1)
					if errors.Is(err, ErrOutside) {
						refused.Add(1)
					}
					if err != nil && !errors.Is(err, ErrOutside) {
						var pe *PathError
						if !errors.As(err, &pe) {
							t.Errorf("WriteFile: %T %v", err, err)
						}
					}
					f.noFolder(t, err)
					continue
				}
				data, err := f.d.ReadFile("sub/secret.txt")
				done.Add(1)
				if errors.Is(err, ErrOutside) {
					refused.Add(1)
				}
				if err == nil && bytes.Contains(data, []byte(secret)) {
					leaks.Add(1)
				}
				f.noFolder(t, err)
			}
		})
	}
	wg.Wait()
	t.Logf("%d swaps, %d operations, %d refused as escaping", swaps.Load(), done.Load(), refused.Load())
	if swaps.Load() < 100 {
		t.Fatalf("only %d swaps happened; want at least 100", swaps.Load())
	}
	if n := leaks.Load(); n > 0 {
		t.Fatalf("%d reads returned the outside file", n)
	}
	if after := snapshot(t, f.outside); after != before {
		t.Fatal("the outside tree changed")
	}
	// A write cut off by a swap may leave its temporary file inside the
	// folder (its directory moved away before it could be removed); none
	// may appear outside.
	if got := tempFiles(t, f.outside); len(got) > 0 {
		t.Fatalf("temporary files outside: %v", got)
	}
}
