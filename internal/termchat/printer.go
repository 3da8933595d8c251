package termchat

import (
	"fmt"
	"io"
	"strings"
)

// printer writes the conversation as plain text, each thing once, as it
// arrives: streamed text as it streams, the rest when it is final. A
// reconnect's replay brings back text already written (as the stored
// block, or the block so far); only what is new of it is written.
type printer struct {
	w       io.Writer
	done    map[int]bool // items written whole
	partial map[int]int  // open assistant items: bytes written
	// tail is the streamed text written since the last finished block;
	// the replay of that block continues it rather than repeating it.
	tail string
}

func newPrinter(w io.Writer) *printer {
	return &printer{w: w, done: map[int]bool{}, partial: map[int]int{}}
}

// reset forgets what was written: a new interview is shown from scratch.
func (p *printer) reset() {
	p.done, p.partial, p.tail = map[int]bool{}, map[int]int{}, ""
}

func (p *printer) show(c *Conversation) {
	for _, it := range c.Items {
		if p.done[it.ID] {
			continue
		}
		switch it.Kind {
		case KindAssistant:
			p.assistant(it)
		case KindUser:
			if it.Pending {
				continue
			}
			p.line("you: " + it.Text)
		case KindQuestion:
			if it.State == QOpen {
				continue // prompted question by question
			}
			p.done[it.ID] = true
		case KindFile:
			p.line("[file] " + it.Path + " written")
		case KindValidation:
			p.line("[check] " + it.Text)
			for _, pr := range it.Problems {
				p.line("  - " + pr)
			}
		case KindError:
			p.line("[error] " + it.Text)
		case KindNotice:
			p.line("[note] " + it.Text)
		case KindComplete:
			p.line("[complete] The spec is complete: prompts/app_spec.txt and prompts/initializer_prompt.md")
		}
		p.done[it.ID] = true
		if it.Kind == KindAssistant && it.Open {
			delete(p.done, it.ID)
		}
	}
}

func (p *printer) assistant(it Item) {
	n, seen := p.partial[it.ID]
	if !seen {
		if p.tail != "" && strings.HasPrefix(it.Text, p.tail) {
			n = len(p.tail) // the replay of text already written
		} else {
			if p.tail != "" {
				fmt.Fprintln(p.w)
			}
			p.tail = ""
			fmt.Fprint(p.w, "specwright: ")
		}
	}
	if n > len(it.Text) || !strings.HasPrefix(it.Text, p.tail) {
		n = len(it.Text) // the block was rewritten: keep what was written
	}
	fmt.Fprint(p.w, it.Text[n:])
	p.tail = it.Text
	p.partial[it.ID] = len(it.Text)
	if !it.Open {
		fmt.Fprintln(p.w)
		p.tail = ""
		delete(p.partial, it.ID)
	}
}

func (p *printer) line(s string) {
	if p.tail != "" {
		fmt.Fprintln(p.w)
		p.tail = ""
	}
	fmt.Fprintln(p.w, s)
}

// question writes question i of n with its numbered options.
func (p *printer) question(q Question, i, n int) {
	head := "[question]"
	if n > 1 {
		head = fmt.Sprintf("[question %d/%d]", i+1, n)
	}
	if q.Header != "" {
		head += " " + q.Header + ":"
	}
	p.line(head + " " + q.Question)
	for j, o := range q.Options {
		s := fmt.Sprintf("  %d. %s", j+1, o.Label)
		if o.Description != "" {
			s += " — " + o.Description
		}
		p.line(s)
	}
	hint := "  (a number or a label, or your own answer)"
	if q.MultiSelect {
		hint = "  (one or more numbers or labels, e.g. 1,3, or your own answer)"
	}
	p.line(hint)
}
