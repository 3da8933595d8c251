package termchat

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
)

// composerHeight is the composer's rows; longer text scrolls inside it.
const composerHeight = 3

// layout sizes the parts to the terminal: header, transcript, status,
// composer or question card, help.
func (m *model) layout() {
	m.composer.SetWidth(max(m.width, 10))
	m.composer.SetHeight(composerHeight)
	m.vp.SetWidth(m.width)
	m.vp.SetHeight(max(m.height-3-m.bottomHeight(), 1))
	if !m.scrolledBack && m.spec == nil {
		m.vp.GotoBottom()
	}
}

func (m *model) bottomHeight() int {
	switch {
	case m.spec != nil:
		return m.spec.bottomHeight()
	case m.picker != nil:
		return lipgloss.Height(m.picker.view(m.st, m.width))
	}
	return composerHeight
}

// cached is one item as last rendered.
type cached struct {
	rev, width int
	text       string
}

// refresh redraws the transcript (or the spec pane) into the viewport,
// following the end unless the person scrolled back.
func (m *model) refresh() {
	if m.spec != nil {
		m.vp.SetContent(m.spec.text(m))
		return
	}
	var parts []string
	for _, it := range m.conv.Items {
		if s := m.item(it); s != "" {
			parts = append(parts, s)
		}
	}
	if len(parts) == 0 && m.conv.Known {
		parts = append(parts, m.st.dim.Render("Starting the interview…"))
	}
	m.vp.SetContent(strings.Join(parts, "\n\n"))
	if !m.scrolledBack {
		m.vp.GotoBottom()
	}
}

func (m *model) item(it Item) string {
	if c, ok := m.cache()[it.ID]; ok && c.rev == it.Rev && c.width == m.width && it.Kind != KindAssistant {
		return c.text
	}
	w := max(m.width-2, 10)
	var s string
	switch it.Kind {
	case KindAssistant:
		if c, ok := m.cache()[it.ID]; ok && c.rev == it.Rev && c.width == m.width {
			return c.text
		}
		s = m.md.render(it.Text, w)
	case KindUser:
		label := "you"
		if it.Answer {
			label = "you (answer)"
		}
		if it.Pending {
			label += " · sending"
		}
		s = m.st.you.Render(label) + "\n" + m.st.user.Render(lipgloss.NewStyle().Width(w).Render(it.Text))
	case KindQuestion:
		var b strings.Builder
		for i, q := range it.Questions {
			if i > 0 {
				b.WriteString("\n")
			}
			b.WriteString(m.st.title.Render("? "+q.Header) + " " + q.Question)
		}
		switch it.State {
		case QOpen:
			b.WriteString("\n" + m.st.dim.Render("(answer below)"))
		case QClosed:
			b.WriteString("\n" + m.st.dim.Render("(not answered)"))
		}
		s = lipgloss.NewStyle().Width(w).Render(b.String())
	case KindFile:
		s = m.st.ok.Render("✎ wrote ") + it.Path
	case KindValidation:
		lines := []string{m.st.warn.Render("⚠ " + it.Text)}
		for _, p := range it.Problems {
			lines = append(lines, "  - "+p)
		}
		s = lipgloss.NewStyle().Width(w).Render(strings.Join(lines, "\n"))
	case KindError:
		s = m.st.err.Render("✗ ") + lipgloss.NewStyle().Width(w-2).Render(it.Text)
	case KindNotice:
		s = m.st.dim.Render(lipgloss.NewStyle().Width(w).Render("· " + it.Text))
	case KindComplete:
		s = m.st.ok.Render("✓ The spec is complete.") + " Ctrl+S shows it; E in there exports it."
	}
	m.cache()[it.ID] = cached{rev: it.Rev, width: m.width, text: s}
	return s
}

func (m *model) cache() map[int]cached {
	if m.renderCache == nil {
		m.renderCache = map[int]cached{}
	}
	return m.renderCache
}

func (m *model) View() tea.View {
	v := tea.NewView(m.render())
	v.AltScreen = true
	v.WindowTitle = "specwright chat"
	if m.project != "" {
		v.WindowTitle = "specwright · " + m.project
	}
	return v
}

// render is the screen as text.
func (m *model) render() string {
	if m.project == "" {
		return m.projectsView()
	}
	var bottom, help string
	switch {
	case m.spec != nil:
		bottom, help = m.spec.bottom(m), m.spec.help()
	case m.picker != nil:
		bottom, help = m.picker.view(m.st, m.width), m.picker.help()+" · ctrl+s spec · ctrl+c quit"
	default:
		bottom = m.composer.View()
		help = "enter send · alt+enter newline · pgup/pgdn scroll · ctrl+s spec · ctrl+c stop/quit"
	}
	return strings.Join([]string{m.header(), m.vp.View(), m.status(), bottom, m.st.help.Render(truncate(help, m.width))}, "\n")
}

func (m *model) header() string {
	conn := map[connState]string{connDialing: "○ connecting", connUp: "● connected", connDown: "○ reconnecting"}[m.conn]
	state := ""
	switch {
	case m.conv.Complete:
		state = " · spec complete"
	case m.conv.Known && len(m.conv.Items) > 0:
		state = " · interviewing"
	}
	left := m.st.header.Render("specwright") + " · " + m.project + state
	right := conn
	gap := m.width - lipgloss.Width(left) - lipgloss.Width(right)
	if gap < 1 {
		return truncate(left+" "+right, m.width)
	}
	return left + strings.Repeat(" ", gap) + right
}

func (m *model) status() string {
	var s string
	switch {
	case m.flash != "":
		s = m.flash
	case m.conn == connDown:
		s = m.st.warn.Render("Connection lost; reconnecting… (what you type is kept)")
	case m.conv.Busy():
		s = m.spin.View() + " " + m.st.dim.Render("specwright is thinking… (ctrl+c stops)")
	case m.picker != nil:
		s = m.st.dim.Render("Answer the question below.")
	case m.cfg.Note != "":
		s = m.st.dim.Render(m.cfg.Note)
	}
	return truncate(s, m.width)
}

// projectsView is the project chooser.
func (m *model) projectsView() string {
	var b strings.Builder
	b.WriteString(m.st.header.Render("specwright") + " · choose a project\n\n")
	switch {
	case !m.projectsLoaded:
		b.WriteString("Loading the projects…\n")
	case m.projectsErr != nil && !m.naming:
		b.WriteString(m.st.err.Render("✗ "+m.projectsErr.Error()) + "\n\n")
	}
	var rows []string
	if m.projectsLoaded {
		rows = m.projectRows()
	}
	top := max(0, m.projCursor-(m.height-8))
	for i := top; i < len(rows) && i < top+m.height-7; i++ {
		line := rows[i]
		if i == m.projCursor {
			b.WriteString(m.st.selected.Render("› "+truncate(line, m.width-2)) + "\n")
		} else {
			b.WriteString("  " + truncate(line, m.width-2) + "\n")
		}
	}
	if m.naming {
		b.WriteString("\nName (letters, digits, - and _): " + m.nameInput.View() + "\n")
		if m.projectsErr != nil {
			b.WriteString(m.st.err.Render("✗ "+m.projectsErr.Error()) + "\n")
		}
	}
	lines := strings.Split(strings.TrimRight(b.String(), "\n"), "\n")
	for len(lines) < m.height-1 {
		lines = append(lines, "")
	}
	lines = append(lines[:m.height-1], m.st.help.Render(truncate("↑↓ move · enter open · n new project · ctrl+c quit", m.width)))
	return strings.Join(lines, "\n")
}

func (m *model) projectRows() []string {
	rows := make([]string, 0, len(m.projects)+1)
	for _, p := range m.projects {
		state := strings.ReplaceAll(p.Status, "_", " ")
		if p.FeatureCount > 0 {
			state += fmt.Sprintf(", %d features", p.FeatureCount)
		}
		rows = append(rows, fmt.Sprintf("%-30s %s", p.Name, state))
	}
	return append(rows, "+ New project")
}
