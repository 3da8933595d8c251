package termchat

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// picker answers a question card by keyboard: arrows move, space toggles
// (or picks), enter confirms, 1–9 pick an option, and the last row,
// "Other", takes the person's own words. Each question of the card is
// answered in turn; the card is sent when the last one is confirmed.
type picker struct {
	card    *Item
	cardID  int
	q       int // the question being answered
	cursor  int // row: an option, or len(options) for Other
	checked []map[int]bool
	choices []Choice
	other   textinput.Model
}

func newPicker(card *Item) *picker {
	p := &picker{card: card, cardID: card.ID, checked: make([]map[int]bool, len(card.Questions))}
	for i := range p.checked {
		p.checked[i] = map[int]bool{}
	}
	p.other = textinput.New()
	p.other.Placeholder = "type your own answer"
	p.other.Prompt = ""
	p.other.CharLimit = 2000
	return p
}

func (p *picker) question() Question { return p.card.Questions[p.q] }

func (p *picker) onOther() bool { return p.cursor == len(p.question().Options) }

// update takes a key; done reports that the whole card is answered.
func (p *picker) update(k tea.KeyPressMsg) (done bool, cmd tea.Cmd) {
	q := p.question()
	rows := len(q.Options) + 1
	switch k.String() {
	case "up", "shift+tab":
		p.move((p.cursor + rows - 1) % rows)
		return false, nil
	case "down", "tab":
		p.move((p.cursor + 1) % rows)
		return false, nil
	case "enter":
		return p.confirm(), nil
	case "esc":
		if p.q > 0 { // back to the previous question of the card
			p.q--
			p.choices = p.choices[:p.q]
			p.move(0)
		}
		return false, nil
	}
	if p.onOther() {
		var cmd tea.Cmd
		p.other, cmd = p.other.Update(k)
		return false, cmd
	}
	switch s := k.String(); {
	case s == "space":
		p.toggle(p.cursor)
		if !q.MultiSelect {
			return p.confirm(), nil
		}
	case len(s) == 1 && s[0] >= '1' && s[0] <= '9':
		i := int(s[0] - '1')
		if i < len(q.Options) {
			p.cursor = i
			p.toggle(i)
			if !q.MultiSelect {
				return p.confirm(), nil
			}
		}
	}
	return false, nil
}

func (p *picker) move(row int) {
	p.cursor = row
	if p.onOther() {
		p.other.Focus()
	} else {
		p.other.Blur()
	}
}

func (p *picker) toggle(i int) {
	c := p.checked[p.q]
	if !p.question().MultiSelect {
		clear(c)
		c[i] = true
		return
	}
	c[i] = !c[i]
}

// confirm ends the current question: its checked options (the one under
// the cursor when none is), or the Other text.
func (p *picker) confirm() bool {
	q := p.question()
	var ch Choice
	if p.onOther() {
		ch.Other = strings.TrimSpace(p.other.Value())
		if ch.Other == "" {
			return false
		}
	}
	for i := range q.Options {
		if p.checked[p.q][i] && (q.MultiSelect || !p.onOther()) {
			ch.Picked = append(ch.Picked, i)
		}
	}
	if len(ch.Picked) == 0 && ch.Other == "" {
		ch.Picked = []int{p.cursor}
	}
	p.choices = append(p.choices, ch)
	p.other.SetValue("")
	if p.q+1 < len(p.card.Questions) {
		p.q++
		p.move(0)
		return false
	}
	return true
}

// view draws the card at width w.
func (p *picker) view(st styles, w int) string {
	q := p.question()
	var b strings.Builder
	full := ""
	head := q.Header
	if n := len(p.card.Questions); n > 1 {
		head = fmt.Sprintf("%s (%d/%d)", head, p.q+1, n)
	}
	b.WriteString(st.title.Render(truncate("? "+head+": "+q.Question, w)) + "\n")
	for i, o := range q.Options {
		mark := "( )"
		if q.MultiSelect {
			mark = "[ ]"
		}
		if p.checked[p.q][i] {
			mark = "(•)"
			if q.MultiSelect {
				mark = "[x]"
			}
		}
		line := fmt.Sprintf("%d %s %s", i+1, mark, o.Label)
		if o.Description != "" {
			line += " — " + o.Description
		}
		short := truncate(line, w-2)
		if i == p.cursor {
			b.WriteString(st.selected.Render("› "+short) + "\n")
			if short != line {
				full = o.Description
			}
		} else {
			b.WriteString("  " + short + "\n")
		}
	}
	other := "Other: " + p.other.View()
	if p.onOther() {
		b.WriteString(st.selected.Render("› ") + other)
	} else {
		b.WriteString("  " + st.dim.Render("Other…"))
	}
	if full != "" {
		// The highlighted option's description did not fit its row.
		wrapped := strings.Split(lipgloss.NewStyle().Width(w-4).Render(full), "\n")
		for _, l := range wrapped[:min(len(wrapped), 2)] {
			b.WriteString("\n    " + st.dim.Render(l))
		}
	}
	return b.String()
}

func (p *picker) help() string {
	if p.question().MultiSelect {
		return "↑↓ move · space/1-9 toggle · enter confirm · esc back"
	}
	return "↑↓ move · enter/1-9 pick · Other: type · esc back"
}

// truncate cuts s to w cells.
func truncate(s string, w int) string {
	if w <= 1 {
		return ""
	}
	return ansi.Truncate(s, w, "…")
}
