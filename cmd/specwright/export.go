package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/specwright/specwright/internal/export"
	"github.com/specwright/specwright/internal/spec"
)

const exportUsage = `usage: specwright export --format F [--out DIR] PATH

Renders a specification for another tool. PATH is an app_spec.txt file, a
prompts folder or a project folder (as for validate). Formats:

  markdown   one readable document (spec.md)
  json       the spec model (spec.json), following docs/spec.schema.json
  features   the coding agent's feature list (feature_list.json), the
             input of AutoForge's feature_create_bulk
  spec-kit   specs/001-<name>/spec.md in spec-kit's template
  kiro       .kiro/specs/<name>/{requirements,design,tasks}.md
  openspec   openspec/specs/<capability>/spec.md

A one-file format goes to standard output unless --out is given; a folder
format needs --out, under which it writes the tool's layout. See
docs/exports.md. Exits 0 on success, 1 when PATH holds no readable spec, 2
on a usage error or when the files cannot be read or written.
`

// cmdExport runs `specwright export` and returns the exit status. It
// needs no server: it reads the files and renders the model.
func cmdExport(args []string, stdout, stderr io.Writer) int {
	flags := newSubcommandFlags("export", exportUsage, stderr)
	format := flags.String("format", "", "markdown, json, features, spec-kit, kiro or openspec")
	out := flags.String("out", "", "write the export's files under this folder (created if missing)")
	paths, code, ok := parsePaths(flags, args, 1, "one PATH")
	if !ok {
		return code
	}
	f, err := export.ParseFormat(*format)
	if err != nil {
		fmt.Fprintf(stderr, "specwright export: %v\n", err)
		return 2
	}
	if f.Folder() && *out == "" {
		fmt.Fprintf(stderr, "specwright export: the %s format is a folder: give --out DIR\n", f)
		return 2
	}
	files, err := locate(paths[0])
	if err != nil {
		fmt.Fprintf(stderr, "specwright export: %v\n", err)
		return 2
	}
	data, err := readFile(files.appSpec)
	if err != nil {
		fmt.Fprintf(stderr, "specwright export: %v\n", err)
		return 2
	}
	s, problems := spec.Parse(data)
	if s == nil {
		fmt.Fprintf(stderr, "specwright export: %s is not a readable spec", files.appSpec)
		if len(problems) > 0 {
			fmt.Fprintf(stderr, ": %s", problems[0].Message)
		}
		fmt.Fprintln(stderr)
		return 1
	}
	rendered, err := export.Render(s, f)
	if err != nil {
		fmt.Fprintf(stderr, "specwright export: %v\n", err)
		return 2
	}
	if *out == "" {
		if _, err := stdout.Write(rendered[0].Data); err != nil {
			fmt.Fprintf(stderr, "specwright export: %v\n", err)
			return 2
		}
		return 0
	}
	for _, file := range rendered {
		if err := writeExportFile(*out, file); err != nil {
			fmt.Fprintf(stderr, "specwright export: %v\n", err)
			return 2
		}
		fmt.Fprintf(stderr, "wrote %s\n", filepath.Join(*out, filepath.FromSlash(file.Path)))
	}
	return 0
}

// writeExportFile writes one file under dir. The exporter's paths are
// relative by construction; the check keeps it so.
func writeExportFile(dir string, f export.File) error {
	rel := filepath.FromSlash(f.Path)
	if !filepath.IsLocal(rel) {
		return fmt.Errorf("refusing to write %q outside %s", f.Path, dir)
	}
	p := filepath.Join(dir, rel)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	return os.WriteFile(p, f.Data, 0o644)
}
