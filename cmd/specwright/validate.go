package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/specwright/specwright/internal/spec"
)

// maxSpecFile bounds what validate reads. A real spec is tens of
// kilobytes; a path pointing at something huge is a mistake, not a spec.
const maxSpecFile = 16 << 20

const validateUsage = `usage: specwright validate [--json] [--strict] PATH

Checks a specification: PATH is an app_spec.txt file (the
initializer_prompt.md next to it is checked too), a prompts folder, or a
project folder holding prompts/. Prints each problem with its line and a
hint, what lowered the readiness score (0-100), and a summary. Exits 0
when there are no errors, 1 when there are (or, with --strict, when there
are warnings), 2 when the files cannot be read.
`

// cmdValidate runs `specwright validate` and returns the exit status.
func cmdValidate(args []string, stdout, stderr io.Writer) int {
	flags := newSubcommandFlags("validate", validateUsage, stderr)
	asJSON := flags.Bool("json", false, "write the report as JSON: the parsed spec, the problems, the score (see docs/spec-format.md)")
	strict := flags.Bool("strict", false, "fail (exit 1) on warnings too")
	paths, code, ok := parsePaths(flags, args, 1, "one PATH")
	if !ok {
		return code
	}
	files, err := locate(paths[0])
	if err != nil {
		fmt.Fprintf(stderr, "specwright validate: %v\n", err)
		return 2
	}
	report, err := files.check()
	if err != nil {
		fmt.Fprintf(stderr, "specwright validate: %v\n", err)
		return 2
	}
	pass := report.OK() && (!*strict || len(report.Warnings()) == 0)
	if *asJSON {
		err = writeJSON(stdout, files, report, *strict, pass)
	} else {
		err = files.withPaths(report).WriteText(stdout)
	}
	if err != nil {
		fmt.Fprintf(stderr, "specwright validate: write report: %v\n", err)
		return 2
	}
	if !pass {
		if report.OK() {
			fmt.Fprintf(stderr, "specwright validate: --strict: %d warnings\n", len(report.Warnings()))
		}
		return 1
	}
	return 0
}

// parseInterleaved parses flags wherever they stand, so that both
// "validate --json PATH" and "validate PATH --json" work. Everything
// after "--" is positional.
func parseInterleaved(flags *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := flags.Parse(args); err != nil {
			return nil, err
		}
		rest := flags.Args()
		if len(rest) == 0 {
			return positional, nil
		}
		if n := len(args) - len(rest); n > 0 && args[n-1] == "--" {
			return append(positional, rest...), nil
		}
		positional = append(positional, rest[0])
		args = rest[1:]
	}
}

// specFiles are the paths of the two files to check.
type specFiles struct {
	appSpec     string
	initializer string // next to appSpec, whether or not it exists
}

// locate resolves PATH: a file is the app spec itself; a folder is a
// prompts folder or a project folder holding one.
func locate(path string) (specFiles, error) {
	info, err := os.Stat(path)
	if err != nil {
		return specFiles{}, err
	}
	appSpec := path
	if info.IsDir() {
		appSpec = ""
		candidates := []string{
			filepath.Join(path, ".autoforge", "prompts", spec.FileAppSpec), // AutoForge's layouts, newest first
			filepath.Join(path, ".autocoder", "prompts", spec.FileAppSpec),
			filepath.Join(path, "prompts", spec.FileAppSpec),
			filepath.Join(path, spec.FileAppSpec),
		}
		for _, c := range candidates {
			if fi, err := os.Stat(c); err == nil && fi.Mode().IsRegular() {
				appSpec = c
				break
			}
		}
		if appSpec == "" {
			return specFiles{}, fmt.Errorf("no %s in %s or %s", spec.FileAppSpec, path, filepath.Join(path, "prompts"))
		}
	}
	return specFiles{
		appSpec:     appSpec,
		initializer: filepath.Join(filepath.Dir(appSpec), spec.FileInitializer),
	}, nil
}

// check reads and checks the files. A missing initializer is reported
// as a warning, since the spec alone can still be judged.
func (f specFiles) check() (spec.Report, error) {
	appSpec, err := readFile(f.appSpec)
	if err != nil {
		return spec.Report{}, err
	}
	initializer, err := readFile(f.initializer)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		r := spec.CheckSpec(appSpec)
		r.Problems = append(r.Problems, spec.Problem{
			Severity: spec.SeverityWarning,
			File:     spec.FileInitializer,
			Message:  "not found, so only " + spec.FileAppSpec + " was checked",
			Hint:     "the interview writes " + spec.FileInitializer + " next to " + spec.FileAppSpec,
			Rule:     spec.RuleInitializer,
		})
		return r, nil
	case err != nil:
		return spec.Report{}, err
	}
	return spec.Check(appSpec, initializer), nil
}

// readFile reads at most maxSpecFile bytes and fails beyond that.
func readFile(path string) ([]byte, error) {
	file, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer file.Close()
	data, err := io.ReadAll(io.LimitReader(file, maxSpecFile+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	if len(data) > maxSpecFile {
		return nil, fmt.Errorf("%s is larger than %d MiB; is it really a spec?", path, maxSpecFile>>20)
	}
	return data, nil
}

// withPaths returns a copy of r naming the files by the paths given, so
// that editors can jump from a text report line to the file.
func (f specFiles) withPaths(r spec.Report) spec.Report {
	out := r
	out.Problems = make([]spec.Problem, len(r.Problems))
	for i, p := range r.Problems {
		switch p.File {
		case spec.FileAppSpec:
			p.File = f.appSpec
		case spec.FileInitializer:
			p.File = f.initializer
		}
		out.Problems[i] = p
	}
	return out
}

// writeJSON writes the report with the paths that were read. Problems
// keep the files' logical names, which is what programs match on.
func writeJSON(w io.Writer, f specFiles, r spec.Report, strict, pass bool) error {
	problems := r.Problems
	if problems == nil {
		problems = []spec.Problem{}
	}
	reasons := r.Reasons
	if reasons == nil {
		reasons = []spec.Reason{}
	}
	out := struct {
		OK       bool              `json:"ok"`
		Strict   bool              `json:"strict"`
		Pass     bool              `json:"pass"`
		Files    map[string]string `json:"files"`
		Score    int               `json:"score"`
		Reasons  []spec.Reason     `json:"score_reasons"`
		Spec     *spec.Spec        `json:"spec"`
		Problems []spec.Problem    `json:"problems"`
	}{
		OK:       r.OK(),
		Strict:   strict,
		Pass:     pass,
		Files:    map[string]string{spec.FileAppSpec: f.appSpec, spec.FileInitializer: f.initializer},
		Score:    r.Score,
		Reasons:  reasons,
		Spec:     r.Spec,
		Problems: problems,
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	// Hints quote XML escapes such as &amp;; keep them readable.
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}
