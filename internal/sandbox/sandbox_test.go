package sandbox

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// snapshot hashes every entry under root (names, link targets, contents),
// to prove that nothing outside the folder changed.
func snapshot(t testing.TB, root string) string {
	t.Helper()
	h := sha256.New()
	err := filepath.WalkDir(root, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		fmt.Fprintf(h, "%s %v\n", rel, e.Type())
		switch {
		case e.Type()&fs.ModeSymlink != 0:
			target, err := os.Readlink(p)
			if err != nil {
				return err
			}
			fmt.Fprintf(h, "-> %s\n", target)
		case e.Type().IsRegular():
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			h.Write(b)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("%x", h.Sum(nil))
}

// tempFiles lists Dir's temporary files left anywhere under root.
func tempFiles(t testing.TB, root string) []string {
	t.Helper()
	var out []string
	filepath.WalkDir(root, func(p string, e fs.DirEntry, err error) error {
		if err == nil && isTempName(e.Name()) {
			out = append(out, p)
		}
		return nil
	})
	return out
}

func mustWrite(t testing.TB, p, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func symlinkOrSkip(t testing.TB, target, link string) {
	t.Helper()
	if err := os.Symlink(target, link); err != nil {
		t.Skip("symlinks unsupported:", err)
	}
}

// plantLinks fills the folder with links that lead out of it.
func (f *fixture) plantLinks(t testing.TB) {
	t.Helper()
	in := func(name string) string { return filepath.Join(f.dir, name) }
	mustWrite(t, in("inside.txt"), "inside")
	symlinkOrSkip(t, "../outside/secret.txt", in("link_file"))
	symlinkOrSkip(t, "..", in("link_dotdot"))
	symlinkOrSkip(t, filepath.Join(f.outside, "secret.txt"), in("link_abs"))
	symlinkOrSkip(t, "../outside", in("link_dir"))
	symlinkOrSkip(t, f.outside, in("link_dir_abs"))
	symlinkOrSkip(t, "../outside/new.txt", in("dangling"))
	symlinkOrSkip(t, "../outside/newdir", in("dangling_dir"))
	symlinkOrSkip(t, "inside.txt", in("link_in"))
	if err := os.Mkdir(in("sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	symlinkOrSkip(t, "../../outside/secret.txt", in("sub/deep_link"))
	symlinkOrSkip(t, "../link_dir", in("sub/chain"))
}

func TestReadEscapes(t *testing.T) {
	f := newFixture(t, Limits{})
	f.plantLinks(t)
	before := snapshot(t, f.outside)
	refused := []string{
		"../outside/secret.txt",
		"a/../../outside/secret.txt",
		f.outside + "/secret.txt",
		"/etc/passwd",
		"link_file",
		"link_dotdot/outside/secret.txt",
		"link_abs",
		"link_dir/secret.txt",
		"link_dir/",
		"link_dir_abs/secret.txt",
		"link_dir/../proj/inside.txt",
		"dangling",
		"sub/deep_link",
		"sub/chain/secret.txt",
		`..\outside\secret.txt`,
		".env",
		".git/config",
	}
	for _, in := range refused {
		data, err := f.d.ReadFile(in)
		if err == nil {
			t.Errorf("ReadFile(%q) = %q; want an error", in, data)
			continue
		}
		if bytes.Contains(data, []byte(secret)) {
			t.Errorf("ReadFile(%q) leaked the secret", in)
		}
		var pe *PathError
		if !errors.As(err, &pe) {
			t.Errorf("ReadFile(%q) error %T %v is not a *PathError", in, err, err)
		}
		f.noFolder(t, err)
		if _, err := f.d.Stat(in); err == nil {
			t.Errorf("Stat(%q) succeeded; want an error", in)
		} else {
			f.noFolder(t, err)
		}
	}
	// Links that stay inside are followed.
	for _, in := range []string{"link_in", "inside.txt", f.dir + "/inside.txt", "sub/../inside.txt"} {
		data, err := f.d.ReadFile(in)
		if err != nil || string(data) != "inside" {
			t.Errorf("ReadFile(%q) = %q, %v; want \"inside\"", in, data, err)
		}
	}
	if after := snapshot(t, f.outside); after != before {
		t.Error("the outside tree changed")
	}
}

func TestWriteEscapes(t *testing.T) {
	f := newFixture(t, Limits{})
	f.plantLinks(t)
	before := snapshot(t, f.outside)
	refused := []string{
		"../outside/secret.txt",
		"../outside/new.txt",
		"a/../../outside/new.txt",
		f.outside + "/new.txt",
		"/tmp/specwright-escape-test.txt",
		"link_file",
		"link_abs",
		"link_dotdot/outside/secret.txt",
		"link_dotdot/outside/new.txt",
		"link_dir/secret.txt",
		"link_dir/new.txt",
		"link_dir/",
		"link_dir_abs/new.txt",
		"dangling",
		"dangling/",
		"dangling_dir/x.txt",
		"dangling_dir/deeper/x.txt",
		"sub/deep_link",
		"sub/chain/new.txt",
		"link_in", // a symbolic link, even inside, is not replaced
		`..\outside\new.txt`,
		"C:\\x",
		"a::$DATA",
		"NUL",
		"nul.txt",
		"com1",
		"COM¹",
		"CONIN$",
		"trailing.",
		"trailing ",
		"ctl\x07.txt",
		"nul\x00byte",
		strings.Repeat("n", 256),
		".env",
		".env.production",
		".git/config",
		".git/hooks/pre-commit",
		".",
		"sub",
	}
	for _, in := range refused {
		err := f.d.WriteFile(in, []byte("PWNED"))
		if err == nil {
			t.Errorf("WriteFile(%q) succeeded; want an error", in)
			continue
		}
		var pe *PathError
		if !errors.As(err, &pe) {
			t.Errorf("WriteFile(%q) error %T %v is not a *PathError", in, err, err)
		}
		f.noFolder(t, err)
	}
	if after := snapshot(t, f.outside); after != before {
		t.Error("the outside tree changed")
	}
	for _, p := range []string{"new.txt", "newdir", "specwright-escape-test.txt"} {
		if _, err := os.Lstat(filepath.Join(f.outside, p)); err == nil {
			t.Errorf("outside/%s was created", p)
		}
	}
	if _, err := os.Lstat("/tmp/specwright-escape-test.txt"); err == nil {
		t.Error("/tmp/specwright-escape-test.txt was created")
	}
	if got := tempFiles(t, f.base); len(got) > 0 {
		t.Errorf("temporary files left: %v", got)
	}
	// The links themselves are untouched.
	if target, err := os.Readlink(filepath.Join(f.dir, "link_in")); err != nil || target != "inside.txt" {
		t.Errorf("link_in = %q, %v", target, err)
	}
}

func TestWriteHardLinkNotWrittenThrough(t *testing.T) {
	f := newFixture(t, Limits{})
	outsideFile := filepath.Join(f.outside, "secret.txt")
	if err := os.Link(outsideFile, filepath.Join(f.dir, "hard.txt")); err != nil {
		t.Skip("hard links unsupported:", err)
	}
	if err := f.d.WriteFile("hard.txt", []byte("new content")); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(outsideFile); string(b) != secret {
		t.Fatalf("outside file now %q; want it unchanged", b)
	}
	if b, _ := os.ReadFile(filepath.Join(f.dir, "hard.txt")); string(b) != "new content" {
		t.Fatalf("hard.txt = %q", b)
	}
}

func TestWriteRead(t *testing.T) {
	f := newFixture(t, Limits{})
	if err := f.d.WriteFile("prompts/app_spec.txt", []byte("hello")); err != nil {
		t.Fatal(err)
	}
	if err := f.d.WriteFile(f.dir+"/prompts/app_spec.txt", []byte("hello again")); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join(f.dir, "prompts", "app_spec.txt"))
	if err != nil || string(got) != "hello again" {
		t.Fatalf("file = %q, %v", got, err)
	}
	data, err := f.d.ReadFile("prompts/app_spec.txt")
	if err != nil || string(data) != "hello again" {
		t.Fatalf("ReadFile = %q, %v", data, err)
	}
	st, err := f.d.Stat("prompts")
	if err != nil || !st.IsDir() {
		t.Fatalf("Stat(prompts) = %v, %v", st, err)
	}
	if err := f.d.WriteFile("empty.txt", nil); err != nil {
		t.Fatal(err)
	}
	if data, err := f.d.ReadFile("empty.txt"); err != nil || len(data) != 0 {
		t.Fatalf("ReadFile(empty) = %q, %v", data, err)
	}
	if got := tempFiles(t, f.dir); len(got) > 0 {
		t.Fatalf("temporary files left: %v", got)
	}
}

func TestErrors(t *testing.T) {
	f := newFixture(t, Limits{})
	mustWrite(t, filepath.Join(f.dir, "file.txt"), "x")
	mustWrite(t, filepath.Join(f.dir, "dir", "a.txt"), "x")
	cases := []struct {
		name string
		op   func() error
		want error
	}{
		{"read missing", func() error { _, err := f.d.ReadFile("missing.txt"); return err }, fs.ErrNotExist},
		{"read missing abs", func() error { _, err := f.d.ReadFile(f.dir + "/missing.txt"); return err }, fs.ErrNotExist},
		{"read dir", func() error { _, err := f.d.ReadFile("dir"); return err }, ErrNotRegular},
		{"read root", func() error { _, err := f.d.ReadFile(f.dir); return err }, ErrNotRegular},
		{"read under file", func() error { _, err := f.d.ReadFile("file.txt/x"); return err }, nil},
		{"stat missing", func() error { _, err := f.d.Stat("nope/x"); return err }, fs.ErrNotExist},
		{"write dir", func() error { return f.d.WriteFile("dir", []byte("x")) }, ErrNotRegular},
		{"write under file", func() error { return f.d.WriteFile("file.txt/x", []byte("x")) }, nil},
		{"glob outside", func() error { _, err := f.d.Glob("*", f.outside, 0); return err }, ErrOutside},
		{"glob base missing", func() error { _, err := f.d.Glob("*", "nope", 0); return err }, fs.ErrNotExist},
		{"glob base file", func() error { _, err := f.d.Glob("*", "file.txt", 0); return err }, nil},
		{"glob dotdot", func() error { _, err := f.d.Glob("../*", "", 0); return err }, ErrOutside},
		{"glob abs outside", func() error { _, err := f.d.Glob(f.outside+"/*", "", 0); return err }, ErrOutside},
		{"glob bad", func() error { _, err := f.d.Glob("[", "", 0); return err }, ErrInvalidPath},
	}
	for _, tc := range cases {
		err := tc.op()
		if err == nil {
			t.Errorf("%s: no error", tc.name)
			continue
		}
		if tc.want != nil && !errors.Is(err, tc.want) {
			t.Errorf("%s: %v; want it to wrap %v", tc.name, err, tc.want)
		}
		var pe *PathError
		if !errors.As(err, &pe) {
			t.Errorf("%s: error %T is not a *PathError", tc.name, err)
		}
		f.noFolder(t, err)
	}
	f.d.Close()
	_, err := f.d.ReadFile("file.txt")
	if err == nil {
		t.Fatal("ReadFile after Close succeeded")
	}
	f.noFolder(t, err)
}

func TestSizeLimits(t *testing.T) {
	f := newFixture(t, Limits{MaxReadBytes: 10, MaxWriteBytes: 10})
	if err := f.d.WriteFile("ok.txt", []byte("0123456789")); err != nil {
		t.Fatalf("write at the limit: %v", err)
	}
	if err := f.d.WriteFile("big.txt", []byte("0123456789a")); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("write over the limit: %v", err)
	}
	if _, err := os.Lstat(filepath.Join(f.dir, "big.txt")); err == nil {
		t.Fatal("big.txt was created")
	}
	if data, err := f.d.ReadFile("ok.txt"); err != nil || len(data) != 10 {
		t.Fatalf("read at the limit: %q, %v", data, err)
	}
	mustWrite(t, filepath.Join(f.dir, "big.txt"), "0123456789a")
	if _, err := f.d.ReadFile("big.txt"); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("read over the limit: %v", err)
	}
	if got := tempFiles(t, f.dir); len(got) > 0 {
		t.Fatalf("temporary files left: %v", got)
	}
	def := newFixture(t, Limits{})
	if l := def.d.Limits(); l.MaxReadBytes != 4<<20 || l.MaxWriteBytes != 4<<20 {
		t.Fatalf("default limits %+v", l)
	}
}

func TestWriteKeepsModeAndRefusesReadOnly(t *testing.T) {
	f := newFixture(t, Limits{})
	p := filepath.Join(f.dir, "private.txt")
	mustWrite(t, p, "old")
	if err := os.Chmod(p, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := f.d.WriteFile("private.txt", []byte("new")); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(p)
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("mode after write = %v, %v; want 0600", st.Mode(), err)
	}
	ro := filepath.Join(f.dir, "readonly.txt")
	mustWrite(t, ro, "keep")
	if err := os.Chmod(ro, 0o444); err != nil {
		t.Fatal(err)
	}
	if err := f.d.WriteFile("readonly.txt", []byte("x")); !errors.Is(err, fs.ErrPermission) {
		t.Fatalf("write to a read-only file: %v", err)
	}
	if b, _ := os.ReadFile(ro); string(b) != "keep" {
		t.Fatalf("read-only file now %q", b)
	}
}

func TestWriteFileIfUnchanged(t *testing.T) {
	f := newFixture(t, Limits{})
	p := filepath.Join(f.dir, "spec.txt")
	mustWrite(t, p, "version 1")
	data, info, err := f.d.ReadFileInfo("spec.txt")
	if err != nil || string(data) != "version 1" {
		t.Fatalf("ReadFileInfo = %q, %v", data, err)
	}
	if err := f.d.WriteFileIfUnchanged("spec.txt", []byte("version 2"), info); err != nil {
		t.Fatalf("unchanged write: %v", err)
	}
	// The earlier info no longer describes the file.
	if err := f.d.WriteFileIfUnchanged("spec.txt", []byte("version 3"), info); !errors.Is(err, ErrChanged) {
		t.Fatalf("stale write: %v; want ErrChanged", err)
	}
	_, info, err = f.d.ReadFileInfo("spec.txt")
	if err != nil {
		t.Fatal(err)
	}
	// Someone else changes it in place, to another size.
	if err := os.WriteFile(p, []byte("edited by the user"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := f.d.WriteFileIfUnchanged("spec.txt", []byte("version 3"), info); !errors.Is(err, ErrChanged) {
		t.Fatalf("write after outside change: %v; want ErrChanged", err)
	}
	// Same size, other modification time.
	_, info, _ = f.d.ReadFileInfo("spec.txt")
	if err := os.Chtimes(p, time.Time{}, info.ModTime().Add(-time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := f.d.WriteFileIfUnchanged("spec.txt", []byte("version 3"), info); !errors.Is(err, ErrChanged) {
		t.Fatalf("write after mtime change: %v; want ErrChanged", err)
	}
	// Deleted.
	_, info, _ = f.d.ReadFileInfo("spec.txt")
	os.Remove(p)
	if err := f.d.WriteFileIfUnchanged("spec.txt", []byte("version 3"), info); !errors.Is(err, ErrChanged) {
		t.Fatalf("write after delete: %v; want ErrChanged", err)
	}
	if _, err := os.Lstat(p); err == nil {
		t.Fatal("deleted file was recreated")
	}
	if err := f.d.WriteFileIfUnchanged("spec.txt", nil, nil); err == nil {
		t.Fatal("nil info accepted")
	}
	if got := tempFiles(t, f.dir); len(got) > 0 {
		t.Fatalf("temporary files left: %v", got)
	}
}

// TestConcurrentWrites checks that concurrent writers to one file leave
// exactly one writer's whole content, and no temporary files.
func TestConcurrentWrites(t *testing.T) {
	f := newFixture(t, Limits{})
	var wg sync.WaitGroup
	contents := make([]string, 8)
	for i := range contents {
		contents[i] = strings.Repeat(fmt.Sprint(i), 10000)
	}
	for i := range contents {
		wg.Go(func() {
			for range 20 {
				if err := f.d.WriteFile("shared/out.txt", []byte(contents[i])); err != nil {
					t.Error(err)
					return
				}
				if data, err := f.d.ReadFile("shared/out.txt"); err != nil || !slices.Contains(contents, string(data)) {
					t.Errorf("torn read: %d bytes, %v", len(data), err)
					return
				}
			}
		})
	}
	wg.Wait()
	if got := tempFiles(t, f.dir); len(got) > 0 {
		t.Fatalf("temporary files left: %v", got)
	}
}

func TestOpen(t *testing.T) {
	dir := t.TempDir()
	if _, err := Open(filepath.Join(dir, "missing"), Limits{}); err == nil {
		t.Error("Open of a missing folder succeeded")
	}
	p := filepath.Join(dir, "file")
	mustWrite(t, p, "x")
	if _, err := Open(p, Limits{}); err == nil {
		t.Error("Open of a file succeeded")
	}
	// A relative path is made absolute, so absolute paths inside it work.
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	d, err := Open(".", Limits{})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if got, err := d.Rel(filepath.Join(wd, "x.go")); err != nil || got != "x.go" {
		t.Errorf("Rel(abs inside cwd) = %q, %v", got, err)
	}
}
