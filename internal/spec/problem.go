package spec

import (
	"cmp"
	"fmt"
	"slices"
)

// Severity says whether a problem blocks the spec from being complete.
type Severity string

const (
	// SeverityError marks a problem that makes the spec incomplete.
	SeverityError Severity = "error"
	// SeverityWarning marks a problem worth fixing that does not block.
	SeverityWarning Severity = "warning"
)

// The names problems use for the two files, whatever their real paths.
const (
	FileAppSpec     = "app_spec.txt"
	FileInitializer = "initializer_prompt.md"
)

// Problem is one finding about one file.
type Problem struct {
	Severity Severity `json:"severity"`
	File     string   `json:"file"`    // FileAppSpec or FileInitializer
	Line     int      `json:"line"`    // 1-based; 0 when no single line is to blame
	Message  string   `json:"message"` // what is wrong
	Hint     string   `json:"hint"`    // how to fix it
	// Rule names the check that found the problem (see the Rule
	// constants); the readiness score and the fix loop group by it.
	Rule string `json:"rule"`
}

// String renders the problem the way compilers do, so editors can jump to
// the line: "file:line: severity: message (hint)".
func (p Problem) String() string {
	loc := p.File
	if p.Line > 0 {
		loc = fmt.Sprintf("%s:%d", p.File, p.Line)
	}
	s := fmt.Sprintf("%s: %s: %s", loc, p.Severity, p.Message)
	if p.Hint != "" {
		s += " (" + p.Hint + ")"
	}
	return s
}

// problems collects findings for one file; it keeps the checks terse.
type problems struct {
	file string
	list []Problem
}

// add records a problem and returns it, so the caller can name its rule.
func (ps *problems) add(sev Severity, line int, hint, format string, args ...any) *Problem {
	ps.list = append(ps.list, Problem{
		Severity: sev,
		File:     ps.file,
		Line:     line,
		Message:  fmt.Sprintf(format, args...),
		Hint:     hint,
	})
	return &ps.list[len(ps.list)-1]
}

func (ps *problems) errorf(line int, hint, format string, args ...any) *Problem {
	return ps.add(SeverityError, line, hint, format, args...)
}

func (ps *problems) warnf(line int, hint, format string, args ...any) *Problem {
	return ps.add(SeverityWarning, line, hint, format, args...)
}

// sorted orders the findings by line, keeping discovery order within a
// line, so a reader (or a model) can fix the file from top to bottom.
// Problems without a line come first: they concern the file as a whole.
func (ps *problems) sorted() []Problem {
	slices.SortStableFunc(ps.list, func(a, b Problem) int { return cmp.Compare(a.Line, b.Line) })
	return ps.list
}
