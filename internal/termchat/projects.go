package termchat

import (
	"strings"

	tea "charm.land/bubbletea/v2"
)

// projectKey drives the project chooser: pick one to open, or name a
// new one (the server creates it; its interview starts on opening).
func (m *model) projectKey(k tea.KeyPressMsg) tea.Cmd {
	if m.naming {
		switch k.String() {
		case "esc":
			m.naming, m.projectsErr = false, nil
			return nil
		case "enter":
			name := strings.TrimSpace(m.nameInput.Value())
			if name == "" {
				return nil
			}
			srv, ctx := m.cfg.Server, m.ctx
			return func() tea.Msg { return createdMsg{name, srv.CreateProject(ctx, name)} }
		}
		var cmd tea.Cmd
		m.nameInput, cmd = m.nameInput.Update(k)
		return cmd
	}
	rows := len(m.projects) + 1
	switch k.String() {
	case "up", "k":
		m.projCursor = (m.projCursor + rows - 1) % rows
	case "down", "j":
		m.projCursor = (m.projCursor + 1) % rows
	case "n":
		return m.startNaming()
	case "enter":
		if m.projCursor == len(m.projects) {
			return m.startNaming()
		}
		return m.open(m.projects[m.projCursor].Name)
	}
	return nil
}

func (m *model) startNaming() tea.Cmd {
	m.naming, m.projectsErr = true, nil
	m.nameInput.SetValue("")
	return m.nameInput.Focus()
}
