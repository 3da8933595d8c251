package termchat

import (
	"charm.land/lipgloss/v2"
)

// styles are the client's looks. Without colour (NO_COLOR, a dumb
// terminal) the program's colour profile drops the colours; bold and
// the marks stay, so nothing depends on colour alone.
type styles struct {
	header, dim, user, you, err, ok, warn, title, selected, help lipgloss.Style
}

func newStyles() styles {
	return styles{
		header:   lipgloss.NewStyle().Bold(true).Foreground(lipgloss.Color("12")),
		dim:      lipgloss.NewStyle().Foreground(lipgloss.Color("8")),
		user:     lipgloss.NewStyle().Foreground(lipgloss.Color("14")),
		you:      lipgloss.NewStyle().Bold(true).Foreground(lipgloss.Color("14")),
		err:      lipgloss.NewStyle().Bold(true).Foreground(lipgloss.Color("9")),
		ok:       lipgloss.NewStyle().Bold(true).Foreground(lipgloss.Color("10")),
		warn:     lipgloss.NewStyle().Foreground(lipgloss.Color("11")),
		title:    lipgloss.NewStyle().Bold(true),
		selected: lipgloss.NewStyle().Bold(true).Foreground(lipgloss.Color("13")),
		help:     lipgloss.NewStyle().Foreground(lipgloss.Color("8")),
	}
}
