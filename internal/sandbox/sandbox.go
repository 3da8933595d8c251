package sandbox

import (
	"bytes"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
)

// Default size limits.
const (
	DefaultMaxReadBytes  = 4 << 20
	DefaultMaxWriteBytes = 4 << 20
)

// Limits caps the sizes the tools handle. A zero or negative field means
// its default.
type Limits struct {
	MaxReadBytes  int64 // largest file ReadFile returns
	MaxWriteBytes int64 // largest content WriteFile accepts
}

func (l Limits) withDefaults() Limits {
	if l.MaxReadBytes <= 0 {
		l.MaxReadBytes = DefaultMaxReadBytes
	}
	if l.MaxWriteBytes <= 0 {
		l.MaxWriteBytes = DefaultMaxWriteBytes
	}
	return l
}

// Dir is a folder the tools may use, and nothing outside it. It wraps an
// *os.Root, so ".." and symbolic links cannot lead out, whatever races
// with the operation. It is safe for concurrent use.
type Dir struct {
	root *os.Root
	abs  string // absolute path the folder was opened with
	real string // abs with symbolic links resolved
	lim  Limits
}

// Open opens the existing directory dir. Its errors are for the server's
// logs: unlike those of Dir's methods, they may contain dir.
func Open(dir string, lim Limits) (*Dir, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("sandbox: %w", err)
	}
	st, err := os.Stat(abs)
	if err != nil {
		return nil, fmt.Errorf("sandbox: %w", err)
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("sandbox: %s is not a directory", abs)
	}
	root, err := os.OpenRoot(abs)
	if err != nil {
		return nil, fmt.Errorf("sandbox: %w", err)
	}
	real, err := filepath.EvalSymlinks(abs)
	if err != nil {
		real = abs
	}
	return &Dir{root: root, abs: abs, real: filepath.Clean(real), lim: lim.withDefaults()}, nil
}

// Close releases the folder. Later operations fail.
func (d *Dir) Close() error { return d.root.Close() }

// Limits returns the limits in force, defaults filled in.
func (d *Dir) Limits() Limits { return d.lim }

// Stat returns the information of the file or directory name, following
// symbolic links that stay inside the folder.
func (d *Dir) Stat(name string) (fs.FileInfo, error) {
	rel, err := d.rel("stat", name)
	if err != nil {
		return nil, err
	}
	st, err := d.root.Stat(rel)
	if err != nil {
		return nil, d.rewrite("stat", rel, err)
	}
	return st, nil
}

// ReadFile returns the content of the regular file name, a path Rel
// accepts. Directories, FIFOs, devices and sockets are refused without
// blocking; files over Limits.MaxReadBytes are refused.
func (d *Dir) ReadFile(name string) ([]byte, error) {
	data, _, err := d.ReadFileInfo(name)
	return data, err
}

// ReadFileInfo is ReadFile that also returns the information of the file
// it read, taken from the open file. Pass it to WriteFileIfUnchanged to
// write back only if nobody changed the file meanwhile.
func (d *Dir) ReadFileInfo(name string) ([]byte, fs.FileInfo, error) {
	const op = "read"
	rel, err := d.rel(op, name)
	if err != nil {
		return nil, nil, err
	}
	// A first look opens nothing, so a device or FIFO is refused before
	// it could be opened at all.
	st, err := d.root.Stat(rel)
	if err != nil {
		return nil, nil, d.rewrite(op, rel, err)
	}
	if err := regular(op, rel, st); err != nil {
		return nil, nil, err
	}
	// The file may have been swapped since; what counts is what is
	// opened, and opening non-blocking keeps a FIFO from hanging us.
	f, err := d.root.OpenFile(rel, readFlags, 0)
	if err != nil {
		return nil, nil, d.rewrite(op, rel, err)
	}
	defer f.Close()
	st, err = f.Stat()
	if err != nil {
		return nil, nil, d.rewrite(op, rel, err)
	}
	if err := regular(op, rel, st); err != nil {
		return nil, nil, err
	}
	max := d.lim.MaxReadBytes
	if st.Size() > max {
		return nil, nil, tooLarge(op, rel, st.Size(), max)
	}
	var buf bytes.Buffer
	buf.Grow(int(st.Size()) + 1)
	if _, err := buf.ReadFrom(io.LimitReader(f, max+1)); err != nil {
		return nil, nil, d.rewrite(op, rel, err)
	}
	if n := int64(buf.Len()); n > max {
		return nil, nil, tooLarge(op, rel, n, max)
	}
	return buf.Bytes(), st, nil
}

// WriteFile creates or replaces the regular file name, a path Rel
// accepts, with data, creating missing parent directories.
//
// The write is atomic and durable: data goes to a new temporary file in
// the same directory (created exclusively, under a random name), which is
// synced, closed and renamed over name, after which the directory is
// synced. A reader sees the old content or the new, never a mix. Because
// the directory entry is replaced, an existing hard link to another file
// is not written through. An existing symbolic link, directory or other
// non-regular file at name is refused, as is a read-only file. New files
// get mode 0644 (less the umask); a replaced file keeps its permissions.
func (d *Dir) WriteFile(name string, data []byte) error {
	return d.write(name, data, nil)
}

// WriteFileIfUnchanged is WriteFile for a file read earlier with
// ReadFileInfo: it fails with an error wrapping ErrChanged, and writes
// nothing, if the file is no longer the one described by prev (another
// file, or another size or modification time).
func (d *Dir) WriteFileIfUnchanged(name string, data []byte, prev fs.FileInfo) error {
	if prev == nil {
		return errors.New("sandbox: WriteFileIfUnchanged needs the FileInfo of the earlier read")
	}
	return d.write(name, data, prev)
}

const (
	tempPrefix = ".specwright-"
	tempSuffix = ".tmp"
)

func isTempName(name string) bool {
	return strings.HasPrefix(name, tempPrefix) && strings.HasSuffix(name, tempSuffix)
}

func (d *Dir) write(name string, data []byte, prev fs.FileInfo) error {
	const op = "write"
	rel, err := d.rel(op, name)
	if err != nil {
		return err
	}
	if rel == "." {
		return &PathError{Op: op, Path: rel, Reason: "is a directory", Err: ErrNotRegular}
	}
	if n := int64(len(data)); n > d.lim.MaxWriteBytes {
		return tooLarge(op, rel, n, d.lim.MaxWriteBytes)
	}
	dir := path.Dir(rel)

	perm := fs.FileMode(0o644)
	st, err := d.root.Lstat(rel)
	switch {
	case err == nil:
		if err := replaceable(op, rel, st); err != nil {
			return err
		}
		perm = st.Mode().Perm()
	case errors.Is(err, fs.ErrNotExist):
		if prev != nil {
			return &PathError{Op: op, Path: rel, Reason: "the file was deleted since it was read", Err: ErrChanged}
		}
		if dir != "." {
			if err := d.root.MkdirAll(dir, 0o755); err != nil {
				return d.rewrite(op, rel, err)
			}
		}
	default:
		return d.rewrite(op, rel, err)
	}

	tmp, f, err := d.createTemp(dir, perm)
	if err != nil {
		return d.rewrite(op, rel, err)
	}
	renamed := false
	defer func() {
		if !renamed {
			_ = d.root.Remove(tmp)
		}
	}()
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return d.rewrite(op, rel, err)
	}
	if prev != nil {
		cur, err := d.root.Lstat(rel)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return &PathError{Op: op, Path: rel, Reason: "the file was deleted since it was read", Err: ErrChanged}
			}
			return d.rewrite(op, rel, err)
		}
		if !cur.Mode().IsRegular() || !os.SameFile(prev, cur) ||
			cur.Size() != prev.Size() || !cur.ModTime().Equal(prev.ModTime()) {
			return &PathError{Op: op, Path: rel, Reason: "the file changed since it was read; read it again", Err: ErrChanged}
		}
	}
	if err := d.root.Rename(tmp, rel); err != nil {
		return d.rewrite(op, rel, err)
	}
	renamed = true
	if err := d.syncDir(dir); err != nil {
		e := d.rewrite(op, rel, err).(*PathError)
		e.Reason = "the file was replaced but the folder could not be synced to disk: " + e.Reason
		return e
	}
	return nil
}

// createTemp creates a new empty file in dir under a random name.
func (d *Dir) createTemp(dir string, perm fs.FileMode) (string, *os.File, error) {
	for range 10 {
		name := path.Join(dir, tempPrefix+rand.Text()+tempSuffix)
		f, err := d.root.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		return name, f, err
	}
	return "", nil, fs.ErrExist
}

// syncDir flushes the directory entry changes of dir to disk.
func (d *Dir) syncDir(dir string) error {
	if !syncDirs {
		return nil
	}
	f, err := d.root.Open(dir)
	if err != nil {
		return err
	}
	err = f.Sync()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if dirSyncUnsupported(err) {
		return nil
	}
	return err
}

// regular refuses anything but a regular file.
func regular(op, rel string, st fs.FileInfo) error {
	m := st.Mode()
	if m.IsRegular() {
		return nil
	}
	reason := "is not a regular file"
	switch {
	case m.IsDir():
		reason = "is a directory"
	case m&fs.ModeNamedPipe != 0:
		reason = "is a named pipe (FIFO); only regular files can be read"
	case m&fs.ModeSocket != 0:
		reason = "is a socket; only regular files can be read"
	case m&fs.ModeDevice != 0:
		reason = "is a device; only regular files can be read"
	case m&fs.ModeSymlink != 0:
		reason = "is a symbolic link"
	}
	return &PathError{Op: op, Path: rel, Reason: reason, Err: ErrNotRegular}
}

// replaceable checks the Lstat information of an existing write target.
func replaceable(op, rel string, st fs.FileInfo) error {
	m := st.Mode()
	switch {
	case m&fs.ModeSymlink != 0:
		return &PathError{Op: op, Path: rel, Reason: "is a symbolic link; it is not replaced", Err: ErrNotRegular}
	case !m.IsRegular():
		return regular(op, rel, st)
	case m.Perm()&0o200 == 0:
		return &PathError{Op: op, Path: rel, Reason: "the file is read-only", Err: fs.ErrPermission}
	}
	return nil
}

func tooLarge(op, rel string, n, limit int64) error {
	what := "the file is "
	if op == "write" {
		what = "the content is "
	}
	return &PathError{Op: op, Path: rel,
		Reason: what + strconv.FormatInt(n, 10) + " bytes; the limit is " + strconv.FormatInt(limit, 10),
		Err:    ErrTooLarge}
}
