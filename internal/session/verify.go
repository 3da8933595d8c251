package session

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/specwright/specwright/internal/chat"
	"github.com/specwright/specwright/internal/sandbox"
	"github.com/specwright/specwright/internal/spec"
)

// The spec files in the default layout, relative to the project folder
// (layout.go has the others).
const (
	AppSpecPath     = "prompts/app_spec.txt"
	InitializerPath = "prompts/initializer_prompt.md"
)

// maxFixWarnings is how many warnings a fix round sends the model with
// the errors: enough to cover the kinds of mistake, few enough to keep
// the round about the errors.
const maxFixWarnings = 5

// verdict is the result of checking the spec files on disk.
type verdict struct {
	complete     bool
	hash         string // identifies this version of the two files
	featureCount int
	problems     []string
	paths        specPaths // the files that were checked
	// The files checked and their report, when complete.
	appSpec, initializer []byte
	report               spec.Report
}

// verify reads both spec files and checks them as spec-format.md says:
// both written in this session, the app spec valid, the initializer
// carrying the same feature count with no placeholder left.
func verify(dir *sandbox.Dir, ses chat.Session) verdict {
	p := sessionPaths(ses)
	v := verdict{paths: p}
	files := map[string][]byte{}
	for _, rel := range []string{p.appSpec, p.initializer} {
		data, err := dir.ReadFile(rel)
		if err != nil {
			v.problems = append(v.problems, fmt.Sprintf("%s could not be read: %v. Write it with the Write tool.", rel, err))
			continue
		}
		files[rel] = data
		if !ses.HasWritten(rel) {
			v.problems = append(v.problems, fmt.Sprintf("%s was not written in this interview. Write it with the Write tool.", rel))
		}
	}
	if len(files) < 2 {
		return v
	}
	report := spec.Check(files[p.appSpec], files[p.initializer])
	if len(v.problems) > 0 || !report.OK() {
		// The errors block completion; the costliest warnings ride along,
		// since the model is editing the files anyway.
		for _, prob := range report.ForFixing(maxFixWarnings) {
			v.problems = append(v.problems, describe(p.dir, prob))
		}
		return v
	}
	v.complete = true
	v.hash = fileHash(files[p.appSpec], files[p.initializer])
	v.featureCount = report.Spec.FeatureCount
	v.appSpec, v.initializer, v.report = files[p.appSpec], files[p.initializer], report
	return v
}

func describe(dir string, p spec.Problem) string {
	var b strings.Builder
	b.WriteString(dir + "/" + p.File)
	if p.Line > 0 {
		fmt.Fprintf(&b, " line %d", p.Line)
	}
	b.WriteString(": ")
	if p.Severity == spec.SeverityWarning {
		b.WriteString("warning: ")
	}
	b.WriteString(p.Message)
	if p.Hint != "" {
		b.WriteString(" (" + p.Hint + ")")
	}
	return b.String()
}

// feedback is the hidden message that sends the model back to fix the
// files.
func feedback(problems []string, round, rounds int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "The spec files did not pass validation (check %d of %d). Fix every problem below by editing or rewriting the files, then tell the user briefly what you fixed.\n", round, rounds)
	for _, p := range problems {
		b.WriteString("- " + p + "\n")
	}
	return b.String()
}

// judge checks the spec files when the model has finished its turn. It
// returns nil when the turn can end: nothing was written, the spec is
// complete (announced once per version), or the fix rounds are spent.
// Otherwise it stores and returns the hidden message that sends the model
// back with the exact problems.
func (s *Service) judge(ctx context.Context, dir *sandbox.Dir, ses *chat.Session, completed *bool, fixes *int) *chat.Message {
	if !touchedSpec(*ses) {
		return nil
	}
	v := verify(dir, *ses)
	if v.complete {
		*completed = s.announce(ses, v) || *completed
		return nil
	}
	ses.SpecStatus, ses.VerifiedAt = chat.SpecError, time.Now()
	s.saveSpecState(*ses)
	s.retractHandoff(*ses)
	if *fixes == s.cfg.FixRounds {
		s.emit(*ses, chat.Event{Type: chat.EventValidation, Problems: v.problems,
			Content: "The spec files still have problems after the model's attempts to fix them."})
		return nil
	}
	*fixes++
	s.emit(*ses, chat.Event{Type: chat.EventValidation, Problems: v.problems,
		Content: fmt.Sprintf("The spec files have problems; the model is fixing them (attempt %d of %d).", *fixes, s.cfg.FixRounds)})
	fix := chat.Message{Role: chat.RoleUser, Hidden: true, Content: []chat.Block{chat.TextBlock(feedback(v.problems, *fixes, s.cfg.FixRounds))}}
	if _, err := s.cfg.Store.Append(context.WithoutCancel(ctx), ses.ID, []chat.Message{fix}, nil); err != nil {
		s.log.Error("store feedback", "project", ses.Project, "err", err)
	}
	return &fix
}
