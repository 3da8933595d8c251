package termchat

import (
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
)

// onKey routes a key: ctrl+c first (it always works), then the screen
// that has the focus.
func (m *model) onKey(k tea.KeyPressMsg) tea.Cmd {
	if k.String() == "ctrl+c" {
		return m.ctrlC()
	}
	switch {
	case m.project == "":
		return m.projectKey(k)
	case m.spec != nil:
		return m.spec.key(m, k)
	}
	switch k.String() {
	case "ctrl+s", "f2":
		return m.openSpec()
	case "pgup", "pgdown", "ctrl+u", "ctrl+d":
		var cmd tea.Cmd
		m.vp, cmd = m.vp.Update(k)
		m.scrolledBack = !m.vp.AtBottom()
		return cmd
	}
	if m.picker != nil {
		done, cmd := m.picker.update(k)
		if done {
			return tea.Batch(cmd, m.sendAnswer())
		}
		m.layout()
		return cmd
	}
	if k.String() == "enter" {
		return m.sendMessage()
	}
	var cmd tea.Cmd
	m.composer, cmd = m.composer.Update(k)
	m.layout()
	return cmd
}

// ctrlC interrupts a reply; a second press soon after quits, and so
// does one while nothing runs.
func (m *model) ctrlC() tea.Cmd {
	now := time.Now()
	if !m.lastCtrlC.IsZero() && now.Sub(m.lastCtrlC) < quitWindow {
		return tea.Quit
	}
	m.lastCtrlC = now
	if m.link != nil && m.conv.Running {
		if err := m.link.Send(interruptFrame{Type: "interrupt"}); err != nil {
			return m.setFlash("Could not stop the reply: " + err.Error())
		}
		return m.setFlash("Stopping the reply… (ctrl+c again to quit)")
	}
	return m.setFlash("Press ctrl+c again to quit.")
}

func (m *model) sendMessage() tea.Cmd {
	text := strings.TrimSpace(m.composer.Value())
	if text == "" {
		return nil
	}
	if !m.conv.WaitingForUser() {
		return m.setFlash("Wait for the reply to finish (ctrl+c stops it).")
	}
	if err := m.link.Send(messageFrame{Type: "message", Content: text}); err != nil {
		return m.setFlash("Not sent (" + err.Error() + "); your text is kept.")
	}
	m.conv.SentMessage(text)
	m.composer.Reset()
	m.syncPicker()
	m.layout()
	m.refresh()
	return m.spin.Tick
}

func (m *model) sendAnswer() tea.Cmd {
	p := m.picker
	frame, flat := answersFrame(p.card, p.choices)
	if err := m.link.Send(frame); err != nil {
		// Keep the card, from its first question, for after the reconnect.
		m.picker = newPicker(p.card)
		return m.setFlash("Not sent (" + err.Error() + "); answer again when connected.")
	}
	m.conv.SentAnswer(flat)
	m.syncPicker()
	m.layout()
	m.refresh()
	return m.spin.Tick
}
