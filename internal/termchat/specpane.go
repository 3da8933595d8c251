package termchat

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
)

// specPane shows the project's spec files as they are on the server's
// disk, with the server's check of them: OK or the problems, the
// feature count, and the readiness score where the server reports one.
// E exports both files to a folder on this machine.
type specPane struct {
	data      *SpecView
	err       error
	version   int // the conversation's SpecVersion when loaded
	exporting bool
	path      textinput.Model
}

func (m *model) openSpec() tea.Cmd {
	m.spec = &specPane{}
	m.spec.path = textinput.New()
	m.spec.path.Prompt = ""
	m.composer.Blur()
	m.layout()
	m.refresh()
	m.vp.GotoTop()
	return m.spec.reload(m)
}

func (p *specPane) reload(m *model) tea.Cmd {
	p.version = m.conv.SpecVersion
	srv, ctx, project := m.cfg.Server, m.ctx, m.project
	return func() tea.Msg {
		v, err := srv.Spec(ctx, project)
		return specMsg{v, err}
	}
}

func (p *specPane) loaded(v SpecView, err error) {
	p.err = err
	if err == nil {
		p.data = &v
	}
}

func (p *specPane) key(m *model, k tea.KeyPressMsg) tea.Cmd {
	if p.exporting {
		switch k.String() {
		case "esc":
			p.exporting = false
			return nil
		case "enter":
			p.exporting = false
			return exportSpec(p.data, strings.TrimSpace(p.path.Value()))
		}
		var cmd tea.Cmd
		p.path, cmd = p.path.Update(k)
		return cmd
	}
	switch k.String() {
	case "esc", "q", "ctrl+s", "f2":
		m.spec = nil
		m.syncPicker()
		m.layout()
		m.refresh()
		m.vp.GotoBottom()
		return nil
	case "e":
		if p.data == nil || p.data.AppSpec == nil {
			return m.setFlash("Nothing to export yet: the spec files are not written.")
		}
		p.exporting = true
		p.path.SetValue(m.project + "-spec")
		p.path.CursorEnd()
		return p.path.Focus()
	case "r":
		return p.reload(m)
	}
	var cmd tea.Cmd
	m.vp, cmd = m.vp.Update(k)
	return cmd
}

// exportSpec writes the two files into dir, creating it.
func exportSpec(v *SpecView, dir string) tea.Cmd {
	return func() tea.Msg {
		if dir == "" {
			return exportedMsg{err: fmt.Errorf("give a folder")}
		}
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return exportedMsg{err: err}
		}
		files := map[string]*string{"app_spec.txt": v.AppSpec, "initializer_prompt.md": v.InitializerPrompt}
		for name, text := range files {
			if text == nil {
				continue
			}
			if err := os.WriteFile(filepath.Join(dir, name), []byte(*text), 0o644); err != nil {
				return exportedMsg{err: err}
			}
		}
		abs, err := filepath.Abs(dir)
		if err != nil {
			abs = dir
		}
		return exportedMsg{dir: abs}
	}
}

func (p *specPane) bottomHeight() int { return 1 }

func (p *specPane) bottom(m *model) string {
	if p.exporting {
		return "Export to folder: " + p.path.View()
	}
	return ""
}

func (p *specPane) help() string {
	if p.exporting {
		return "enter write app_spec.txt and initializer_prompt.md there · esc cancel"
	}
	return "e export · r reload · pgup/pgdn/↑↓ scroll · esc back to the interview"
}

// view is the pane's text: the summary, then app_spec.txt itself.
func (p *specPane) text(m *model) string {
	st := m.st
	var b strings.Builder
	b.WriteString(st.title.Render("Spec of "+m.project) + "\n\n")
	switch {
	case p.err != nil:
		b.WriteString(st.err.Render("✗ "+p.err.Error()) + "\n")
		return b.String()
	case p.data == nil:
		b.WriteString("Loading…\n")
		return b.String()
	}
	v := p.data
	for _, f := range []struct {
		name string
		text *string
	}{{"prompts/app_spec.txt", v.AppSpec}, {"prompts/initializer_prompt.md", v.InitializerPrompt}} {
		size := "not written yet"
		if f.text != nil {
			size = fmt.Sprintf("%d lines", strings.Count(*f.text, "\n")+1)
		}
		fmt.Fprintf(&b, "  %-30s %s\n", f.name, size)
	}
	b.WriteString("\n")
	if v.Report.OK {
		b.WriteString(st.ok.Render("✓ Check: OK") + "\n")
	} else {
		fmt.Fprintf(&b, "%s\n", st.err.Render(fmt.Sprintf("✗ Check: %d problem(s)", len(v.Report.Problems))))
		for _, pr := range v.Report.Problems {
			where := pr.File
			if pr.Line > 0 {
				where = fmt.Sprintf("%s:%d", pr.File, pr.Line)
			}
			b.WriteString(truncate(fmt.Sprintf("  - %s %s: %s", pr.Severity, where, pr.Message), m.width) + "\n")
		}
	}
	if v.Report.Spec != nil {
		fmt.Fprintf(&b, "Features: %d declared, %d listed\n", v.Report.Spec.FeatureCount, v.ListedFeatures())
	}
	if v.Report.Score != nil {
		fmt.Fprintf(&b, "Readiness: %d/100\n", *v.Report.Score)
	}
	if v.AppSpec != nil {
		b.WriteString("\n" + st.dim.Render(strings.Repeat("─", max(m.width, 1))) + "\n")
		b.WriteString(*v.AppSpec)
	}
	return b.String()
}
