package sandbox

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

func TestGlob(t *testing.T) {
	f := newFixture(t, Limits{})
	files := []string{ // oldest first
		"README.md",
		"prompts/app_spec.txt",
		"prompts/initializer.md",
		"docs/a/b/c/deep.md",
		"docs/guide.md",
		"src/main.go",
		"src/pkg/util.go",
		"test/x_test.go",
		"a.txt",
		"b.txt",
		"ab.txt",
		".github/ci.yml",
	}
	now := time.Now()
	for i, p := range files {
		full := filepath.Join(f.dir, filepath.FromSlash(p))
		mustWrite(t, full, p)
		mt := now.Add(time.Duration(i-len(files)) * time.Minute)
		if err := os.Chtimes(full, mt, mt); err != nil {
			t.Fatal(err)
		}
	}
	// Never listed.
	mustWrite(t, filepath.Join(f.dir, ".git", "config"), "x")
	mustWrite(t, filepath.Join(f.dir, ".env"), "KEY=1")
	mustWrite(t, filepath.Join(f.dir, "prompts", ".env.local"), "KEY=1")
	mustWrite(t, filepath.Join(f.dir, "prompts", tempPrefix+"X"+tempSuffix), "x")
	mustWrite(t, filepath.Join(f.dir, "nul.md"), "x")
	mustWrite(t, filepath.Join(f.dir, "trailing.md "), "x")
	if os.Symlink("../outside", filepath.Join(f.dir, "outlink")) == nil {
		os.Symlink("../outside/secret.txt", filepath.Join(f.dir, "outfile.md"))
		os.Symlink("docs", filepath.Join(f.dir, "docslink")) // directories links are not followed
		os.Symlink("README.md", filepath.Join(f.dir, "readme-link.md"))
		old := now.Add(-time.Hour)
		os.Chtimes(filepath.Join(f.dir, "README.md"), old, old)
	}
	_, symlinks := os.Lstat(filepath.Join(f.dir, "readme-link.md"))

	cases := []struct {
		pattern, base string
		max           int
		want          []string
	}{
		{"**/*.md", "", 0, []string{"docs/guide.md", "docs/a/b/c/deep.md", "prompts/initializer.md", "README.md", "readme-link.md"}},
		{"*.md", "", 0, []string{"README.md", "readme-link.md"}},
		{"prompts/*", "", 0, []string{"prompts/initializer.md", "prompts/app_spec.txt"}},
		{"*", "prompts", 0, []string{"prompts/initializer.md", "prompts/app_spec.txt"}},
		{f.dir + "/prompts/*.txt", "", 0, []string{"prompts/app_spec.txt"}},
		{"./prompts/./*.txt", "", 0, []string{"prompts/app_spec.txt"}},
		{"**/*.go", "src", 0, []string{"src/pkg/util.go", "src/main.go"}},
		{"{src,test}/**/*.go", "", 0, []string{"test/x_test.go", "src/pkg/util.go", "src/main.go"}},
		{"**/*.{txt,yml}", "", 0, []string{".github/ci.yml", "ab.txt", "b.txt", "a.txt", "prompts/app_spec.txt"}},
		{"[ab].txt", "", 0, []string{"b.txt", "a.txt"}},
		{"?.txt", "", 0, []string{"b.txt", "a.txt"}},
		{"docs/**/deep.md", "", 0, []string{"docs/a/b/c/deep.md"}},
		{"docs/**/**/c/*.md", "", 0, []string{"docs/a/b/c/deep.md"}},
		{"**/c/**", "", 0, []string{"docs/a/b/c/deep.md"}},
		{"**", "", 3, []string{".github/ci.yml", "ab.txt", "b.txt"}},
		{"*.nothing", "", 0, []string{}},
		{"docs", "", 0, []string{}}, // a directory is not a file
	}
	for _, tc := range cases {
		if symlinks != nil {
			tc.want = slices.DeleteFunc(tc.want, func(s string) bool { return s == "readme-link.md" })
		}
		got, err := f.d.Glob(tc.pattern, tc.base, tc.max)
		if err != nil {
			t.Errorf("Glob(%q, %q): %v", tc.pattern, tc.base, err)
			continue
		}
		if got == nil {
			got = []string{}
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("Glob(%q, %q, %d) = %q; want %q", tc.pattern, tc.base, tc.max, got, tc.want)
		}
		for _, p := range got {
			if _, err := f.d.ReadFile(p); err != nil {
				t.Errorf("Glob result %q cannot be read: %v", p, err)
			}
		}
	}
}

func TestGlobRefusals(t *testing.T) {
	f := newFixture(t, Limits{})
	mustWrite(t, filepath.Join(f.dir, "file.txt"), "x")
	cases := []struct {
		pattern, base string
		want          error
	}{
		{"", "", ErrInvalidPath},
		{"../*", "", ErrOutside},
		{"a/../../*", "", ErrOutside},
		{"*", "..", ErrOutside},
		{"*", f.outside, ErrOutside},
		{f.outside + "/*", "", ErrOutside},
		{"/etc/*", "", ErrOutside},
		{"[", "", ErrInvalidPath},
		{`a\*`, "", ErrInvalidPath},
		{"C:*", "", ErrInvalidPath},
		{"a\x00", "", ErrInvalidPath},
		{"*", ".git", ErrDenied},
		{".", "", ErrInvalidPath},
		{"{a,b}{c,d}{e,f}{g,h}{i,j}{k,l}{m,n}", "", ErrInvalidPath},
	}
	for _, tc := range cases {
		got, err := f.d.Glob(tc.pattern, tc.base, 0)
		if !errors.Is(err, tc.want) {
			t.Errorf("Glob(%q, %q) = %q, %v; want %v", tc.pattern, tc.base, got, err, tc.want)
		}
		f.noFolder(t, err)
	}
}

func TestExpandBraces(t *testing.T) {
	cases := []struct {
		in   string
		want []string
	}{
		{"a", []string{"a"}},
		{"*.{go,md}", []string{"*.go", "*.md"}},
		{"{a,b}/{c,d}", []string{"a/c", "a/d", "b/c", "b/d"}},
		{"{a,{b,c}}x", []string{"ax", "bx", "cx"}},
		{"{a,}x", []string{"ax", "x"}},
		{"{unclosed", []string{"{unclosed"}},
		{"{a,a}", []string{"a"}},
	}
	for _, tc := range cases {
		got, ok := expandBraces(tc.in, 64)
		if !ok || !slices.Equal(got, tc.want) {
			t.Errorf("expandBraces(%q) = %q, %v; want %q", tc.in, got, ok, tc.want)
		}
	}
}
