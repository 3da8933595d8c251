package sandbox

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// fixture is a folder opened as a Dir, with a sibling folder "outside"
// holding secret.txt, which nothing may read or change.
type fixture struct {
	d       *Dir
	base    string // parent of dir and outside
	dir     string // the project folder
	outside string
}

const secret = "SECRET-CONTENT"

func newFixture(t testing.TB, lim Limits) *fixture {
	t.Helper()
	base := t.TempDir()
	f := &fixture{base: base, dir: filepath.Join(base, "proj"), outside: filepath.Join(base, "outside")}
	for _, p := range []string{f.dir, f.outside} {
		if err := os.Mkdir(p, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(f.outside, "secret.txt"), []byte(secret), 0o644); err != nil {
		t.Fatal(err)
	}
	d, err := Open(f.dir, lim)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	f.d = d
	return f
}

// noFolder fails the test if err's text names the folder.
func (f *fixture) noFolder(t testing.TB, err error) {
	t.Helper()
	if err == nil {
		return
	}
	msg := err.Error()
	for _, p := range []string{f.dir, f.d.abs, f.d.real} {
		if strings.Contains(msg, p) {
			t.Errorf("error text %q contains the folder path %q", msg, p)
		}
	}
}

// relCase is one row of the path table: want is the accepted relative
// path, or wantErr the sentinel the refusal wraps.
type relCase struct {
	in      string
	want    string
	wantErr error
}

// escapeTable holds inputs that must be refused, with the sentinel, and
// inputs that must be accepted. abs stands for the folder's absolute path.
func escapeTable(abs string) []relCase {
	long := strings.Repeat("a", 256)
	return []relCase{
		// Accepted.
		{in: "a.txt", want: "a.txt"},
		{in: "prompts/app_spec.txt", want: "prompts/app_spec.txt"},
		{in: "./a.txt", want: "a.txt"},
		{in: "a/../b", want: "b"},
		{in: "a//b/", want: "a/b"},
		{in: ".", want: "."},
		{in: "a/..", want: "."},
		{in: abs, want: "."},
		{in: abs + "/prompts/x.txt", want: "prompts/x.txt"},
		{in: abs + "/a/../b.txt", want: "b.txt"},
		{in: "com10", want: "com10"},
		{in: "console.txt", want: "console.txt"},
		{in: "nul_file", want: "nul_file"},
		{in: ".github/workflows/ci.yml", want: ".github/workflows/ci.yml"},
		{in: ".envrc", want: ".envrc"},
		{in: "x.git/y", want: "x.git/y"},
		{in: "日本語/ノート.md", want: "日本語/ノート.md"},
		{in: "~notes.md", want: "~notes.md"},
		{in: " leading space.txt", want: " leading space.txt"},
		{in: strings.Repeat("a", 255), want: strings.Repeat("a", 255)},

		// Escapes.
		{in: "", wantErr: ErrInvalidPath},
		{in: "..", wantErr: ErrOutside},
		{in: "../x", wantErr: ErrOutside},
		{in: "../", wantErr: ErrOutside},
		{in: "a/../../x", wantErr: ErrOutside},
		{in: "a/b/../../../x", wantErr: ErrOutside},
		{in: "/etc/passwd", wantErr: ErrOutside},
		{in: "/", wantErr: ErrOutside},
		{in: abs + "/../outside/secret.txt", wantErr: ErrOutside},
		{in: abs + "/..", wantErr: ErrOutside},
		{in: abs + "x/a.txt", wantErr: ErrOutside}, // a sibling whose name extends the folder's
		{in: filepath.Dir(abs), wantErr: ErrOutside},

		// Windows syntax, refused on every OS.
		{in: `..\a`, wantErr: ErrInvalidPath},
		{in: `a\b`, wantErr: ErrInvalidPath},
		{in: `C:\x`, wantErr: ErrInvalidPath},
		{in: `C:/x`, wantErr: ErrInvalidPath},
		{in: `C:x`, wantErr: ErrInvalidPath},
		{in: `\\server\share\x`, wantErr: ErrInvalidPath},
		{in: `a::$DATA`, wantErr: ErrInvalidPath},
		{in: `a.txt:stream`, wantErr: ErrInvalidPath},
		{in: "NUL", wantErr: ErrInvalidPath},
		{in: "nul", wantErr: ErrInvalidPath},
		{in: "nul.txt", wantErr: ErrInvalidPath},
		{in: "nul .txt", wantErr: ErrInvalidPath},
		{in: "dir/Nul.tar.gz", wantErr: ErrInvalidPath},
		{in: "con", wantErr: ErrInvalidPath},
		{in: "PRN", wantErr: ErrInvalidPath},
		{in: "aux.md", wantErr: ErrInvalidPath},
		{in: "com1", wantErr: ErrInvalidPath},
		{in: "COM0", wantErr: ErrInvalidPath},
		{in: "lpt9.log", wantErr: ErrInvalidPath},
		{in: "COM¹", wantErr: ErrInvalidPath},
		{in: "lpt²", wantErr: ErrInvalidPath},
		{in: "com³.txt", wantErr: ErrInvalidPath},
		{in: "CONIN$", wantErr: ErrInvalidPath},
		{in: "conout$.txt", wantErr: ErrInvalidPath},
		{in: "SECRE~1.TXT", wantErr: ErrInvalidPath},
		{in: "GIT~1/config", wantErr: ErrInvalidPath},
		{in: "a.", wantErr: ErrInvalidPath},
		{in: "a ", wantErr: ErrInvalidPath},
		{in: "dir./x", wantErr: ErrInvalidPath},
		{in: "dir /x", wantErr: ErrInvalidPath},
		{in: "x./../y", wantErr: ErrInvalidPath},
		{in: "...", wantErr: ErrInvalidPath},
		{in: "a*b", wantErr: ErrInvalidPath},
		{in: "a?b", wantErr: ErrInvalidPath},
		{in: "a|b", wantErr: ErrInvalidPath},
		{in: `a"b`, wantErr: ErrInvalidPath},
		{in: "a<b>", wantErr: ErrInvalidPath},
		{in: "~", wantErr: ErrInvalidPath},
		{in: "~/x", wantErr: ErrInvalidPath},
		{in: "./~", wantErr: ErrInvalidPath},
		{in: "a/../~/x", wantErr: ErrInvalidPath},

		// Bytes and characters.
		{in: "a\x00b", wantErr: ErrInvalidPath},
		{in: "a.txt\x00", wantErr: ErrInvalidPath},
		{in: "a\x01b", wantErr: ErrInvalidPath},
		{in: "a\nb", wantErr: ErrInvalidPath},
		{in: "a\tb", wantErr: ErrInvalidPath},
		{in: "a\x7fb", wantErr: ErrInvalidPath},
		{in: "a\u0085b", wantErr: ErrInvalidPath},
		{in: "\u202etxt.exe", wantErr: ErrInvalidPath},
		{in: "a\u200bb", wantErr: ErrInvalidPath},
		{in: "\xff.txt", wantErr: ErrInvalidPath},
		{in: long, wantErr: ErrInvalidPath},
		{in: "d/" + long + "/x", wantErr: ErrInvalidPath},
		{in: strings.Repeat("abcdefghi/", 110), wantErr: ErrInvalidPath},
		{in: strings.Repeat("a/", 3000), wantErr: ErrInvalidPath},

		// Secrets and repository internals.
		{in: ".env", wantErr: ErrDenied},
		{in: ".ENV", wantErr: ErrDenied},
		{in: ".env.local", wantErr: ErrDenied},
		{in: "sub/.env", wantErr: ErrDenied},
		{in: ".env/x", wantErr: ErrDenied},
		{in: ".git", wantErr: ErrDenied},
		{in: ".git/config", wantErr: ErrDenied},
		{in: "a/.GIT/HEAD", wantErr: ErrDenied},
		{in: "x/../.git/config", wantErr: ErrDenied},
		{in: abs + "/.env", wantErr: ErrDenied},
	}
}

func TestRel(t *testing.T) {
	f := newFixture(t, Limits{})
	for _, tc := range escapeTable(f.dir) {
		got, err := f.d.Rel(tc.in)
		name := tc.in
		if len(name) > 60 {
			name = name[:60] + "…"
		}
		if tc.wantErr == nil {
			if err != nil || got != tc.want {
				t.Errorf("Rel(%q) = %q, %v; want %q", name, got, err, tc.want)
			}
			continue
		}
		if err == nil {
			t.Errorf("Rel(%q) = %q; want an error wrapping %v", name, got, tc.wantErr)
			continue
		}
		if !errors.Is(err, tc.wantErr) {
			t.Errorf("Rel(%q) error %v; want it to wrap %v", name, err, tc.wantErr)
		}
		var pe *PathError
		if !errors.As(err, &pe) {
			t.Errorf("Rel(%q) error %T is not a *PathError", name, err)
		}
		f.noFolder(t, err)
	}
}

// TestRelResolvedFolder opens the folder through a symbolic link and
// checks that absolute paths under either form are accepted.
func TestRelResolvedFolder(t *testing.T) {
	base := t.TempDir()
	real := filepath.Join(base, "real")
	if err := os.Mkdir(real, 0o755); err != nil {
		t.Fatal(err)
	}
	alias := filepath.Join(base, "alias")
	if err := os.Symlink(real, alias); err != nil {
		t.Skip("symlinks unsupported:", err)
	}
	d, err := Open(alias, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	for _, in := range []string{alias + "/a/b.txt", real + "/a/b.txt"} {
		got, err := d.Rel(in)
		if err != nil || got != "a/b.txt" {
			t.Errorf("Rel(%q) = %q, %v; want a/b.txt", in, got, err)
		}
	}
	_, err = d.Rel(base + "/real2/x")
	if !errors.Is(err, ErrOutside) {
		t.Errorf("Rel of a sibling sharing the prefix: %v; want ErrOutside", err)
	}
	for _, p := range []string{alias, real} {
		if err != nil && strings.Contains(err.Error(), p) {
			t.Errorf("error %q names the folder", err)
		}
	}
}

// checkAccepted asserts the properties of anything Rel accepts.
func checkAccepted(t *testing.T, in, got string) {
	t.Helper()
	if got == "." {
		return
	}
	if !fs.ValidPath(got) {
		t.Fatalf("Rel(%q) = %q, not fs.ValidPath", in, got)
	}
	if !filepath.IsLocal(filepath.FromSlash(got)) || !filepath.IsLocal(got) {
		t.Fatalf("Rel(%q) = %q, not local", in, got)
	}
	if _, err := filepath.Localize(got); err != nil {
		t.Fatalf("Rel(%q) = %q, Localize: %v", in, got, err)
	}
	if len(got) > MaxPathBytes || !utf8.ValidString(got) {
		t.Fatalf("Rel(%q) = %q: too long or not UTF-8", in, got)
	}
	for _, r := range got {
		if r == '\\' || r == ':' || r == 0 || unicode.IsControl(r) || strings.ContainsRune(`<>"|?*`, r) || isBidiControl(r) {
			t.Fatalf("Rel(%q) = %q contains forbidden %U", in, got, r)
		}
	}
	for name := range strings.SplitSeq(got, "/") {
		if name == "." || name == ".." || name == "" {
			t.Fatalf("Rel(%q) = %q has component %q", in, got, name)
		}
		if len(name) > MaxNameBytes || strings.HasSuffix(name, ".") || strings.HasSuffix(name, " ") ||
			isReservedName(name) || isShortName(name) {
			t.Fatalf("Rel(%q) = %q has bad component %q", in, got, name)
		}
		l := strings.ToLower(name)
		if l == ".git" || l == ".env" || strings.HasPrefix(l, ".env.") {
			t.Fatalf("Rel(%q) = %q has denied component %q", in, got, name)
		}
	}
}

func FuzzRel(f *testing.F) {
	fx := newFixture(f, Limits{})
	for _, tc := range escapeTable(fx.dir) {
		f.Add(tc.in)
	}
	f.Fuzz(func(t *testing.T, in string) {
		got, err := fx.d.Rel(in)
		if err != nil {
			if !errors.Is(err, ErrInvalidPath) && !errors.Is(err, ErrOutside) && !errors.Is(err, ErrDenied) {
				t.Fatalf("Rel(%q): error %v wraps no sentinel", in, err)
			}
			fx.noFolder(t, err)
			return
		}
		checkAccepted(t, in, got)
		// Rel is idempotent on what it returns.
		again, err := fx.d.Rel(got)
		if err != nil || again != got {
			t.Fatalf("Rel(Rel(%q)) = %q, %v; want %q", in, again, err, got)
		}
		// The result joined to the folder stays in it, lexically.
		joined := filepath.Join(fx.dir, filepath.FromSlash(got))
		if r, err := filepath.Rel(fx.dir, joined); err != nil || !(r == "." || filepath.IsLocal(r)) {
			t.Fatalf("Rel(%q) = %q joins outside: %q", in, got, joined)
		}
	})
}
