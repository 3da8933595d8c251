package termchat

import (
	"strings"

	"charm.land/glamour/v2"
)

// markdown renders the model's Markdown for the terminal with Glamour,
// one renderer per width; a block that fails to render is shown as it
// came.
type markdown struct {
	style string
	width int
	r     *glamour.TermRenderer
}

func newMarkdown(color bool) *markdown {
	style := "dark"
	if !color {
		style = "notty"
	}
	return &markdown{style: style}
}

func (md *markdown) render(text string, width int) string {
	if width < 20 {
		width = 20
	}
	if md.r == nil || md.width != width {
		r, err := glamour.NewTermRenderer(glamour.WithStandardStyle(md.style), glamour.WithWordWrap(width), glamour.WithPreservedNewLines())
		if err != nil {
			return text
		}
		md.r, md.width = r, width
	}
	out, err := md.r.Render(text)
	if err != nil {
		return text
	}
	return strings.Trim(out, "\n")
}
