package export

import (
	"fmt"
	"strings"

	"github.com/specwright/specwright/internal/spec"
)

// Format names one export.
type Format string

const (
	Markdown Format = "markdown"
	JSON     Format = "json"
	Features Format = "features"
	SpecKit  Format = "spec-kit"
	Kiro     Format = "kiro"
	OpenSpec Format = "openspec"
)

// Formats lists every export, in the order the documentation shows them.
func Formats() []Format {
	return []Format{Markdown, JSON, Features, SpecKit, Kiro, OpenSpec}
}

// ParseFormat returns the format called name, or an error listing the
// known ones.
func ParseFormat(name string) (Format, error) {
	for _, f := range Formats() {
		if string(f) == name {
			return f, nil
		}
	}
	names := make([]string, 0, len(Formats()))
	for _, f := range Formats() {
		names = append(names, string(f))
	}
	return "", fmt.Errorf("unknown export format %q (known: %s)", name, strings.Join(names, ", "))
}

// Folder reports whether the format is a folder of files in the target
// tool's layout rather than one file.
func (f Format) Folder() bool {
	return f == SpecKit || f == Kiro || f == OpenSpec
}

// File is one file of an export. Path is relative and slash-separated;
// for a one-file format it is the file's suggested name.
type File struct {
	Path string
	Data []byte
}

// Render exports s in format f. A one-file format returns one file; a
// folder format returns its files in the tool's layout, sorted by path.
func Render(s *spec.Spec, f Format) ([]File, error) {
	if s == nil {
		return nil, fmt.Errorf("export: no spec")
	}
	m := newModel(s)
	switch f {
	case Markdown:
		return []File{{Path: "spec.md", Data: renderMarkdown(m)}}, nil
	case JSON:
		data, err := renderJSON(s)
		if err != nil {
			return nil, err
		}
		return []File{{Path: "spec.json", Data: data}}, nil
	case Features:
		data, err := renderFeatures(m)
		if err != nil {
			return nil, err
		}
		return []File{{Path: FeatureListFile, Data: data}}, nil
	case SpecKit:
		return renderSpecKit(m), nil
	case Kiro:
		return renderKiro(m), nil
	case OpenSpec:
		return renderOpenSpec(m), nil
	}
	return nil, fmt.Errorf("export: unknown format %q", f)
}
