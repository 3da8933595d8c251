package termchat

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
)

// maxDown is how long plain mode waits for a dropped server to come
// back before it gives up: a script should fail rather than hang.
const maxDown = 30 * time.Second

// plain drives an interview from lines of input: one reply per line, a
// question's answer as an option's number or label ("1,3" for several),
// anything else in the user's own words. It writes the conversation as
// plain text and ends when the spec is complete.
type plain struct {
	cfg     Config
	link    *Link
	conv    Conversation
	out     *printer
	decided bool     // start or continue was chosen after the first replay
	choices []Choice // answers gathered for the open card
	asked   int      // the card's questions already prompted
}

func runPlain(ctx context.Context, cfg Config) error {
	link, err := dialLink(ctx, cfg.Server, cfg.Project)
	if err != nil {
		return err
	}
	defer link.Close()
	p := &plain{cfg: cfg, link: link, out: newPrinter(cfg.Out)}
	stop := make(chan struct{})
	defer close(stop)
	lines := readLines(cfg.In, stop)
	var downSince time.Time
	for {
		var want <-chan lineMsg
		if p.decided && p.conv.WaitingForUser() {
			if done, err := p.prompt(); done || err != nil {
				return err
			}
			want = lines
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case m, ok := <-link.Msgs():
			if !ok {
				return ctx.Err()
			}
			switch m := m.(type) {
			case linkUp:
				downSince = time.Time{}
				if err := link.Send(p.conv.Connected()); err != nil {
					continue // the drop is reported next
				}
			case linkDown:
				p.conv.Disconnected()
				if downSince.IsZero() {
					downSince = time.Now()
				}
				if time.Since(downSince) > maxDown {
					return fmt.Errorf("the server has been unreachable for %s: %v", maxDown, m.err)
				}
				fmt.Fprintf(cfg.Err, "connection lost (%v); reconnecting\n", m.err)
			case linkFatal:
				return m.err
			case linkEvent:
				if done, err := p.event(m.ev); done || err != nil {
					return err
				}
			}
		case l, ok := <-want:
			if !ok {
				return errors.New("the input ended before the spec was complete")
			}
			if l.err != nil {
				return fmt.Errorf("read input: %w", l.err)
			}
			if err := p.reply(l.text); err != nil {
				return err
			}
		}
	}
}

// event applies one server event; done means the spec is complete.
func (p *plain) event(ev Event) (done bool, err error) {
	wasReplay := p.conv.Replaying()
	lastID := p.conv.nextID // items this event adds have higher IDs
	p.conv.Apply(ev)
	if p.conv.NeedsResync() {
		p.out.reset()
		if err := p.link.Send(p.conv.Resync()); err != nil {
			return false, nil
		}
	}
	if p.decided || !p.cfg.New {
		p.out.show(&p.conv) // the interview --new replaces is not shown
	}
	if wasReplay && !p.conv.Replaying() && !p.decided {
		return p.decide()
	}
	if !wasReplay {
		// A failed turn or a refusal ends a scripted run: the next line
		// of the script was written for another state.
		// (A refusal takes the refused message out as it adds the
		// error, so the count of items does not tell.)
		for i := len(p.conv.Items) - 1; i >= 0 && p.conv.Items[i].ID > lastID; i-- {
			if it := p.conv.Items[i]; it.Kind == KindError {
				return false, fmt.Errorf("the server said: %s", it.Text)
			}
		}
		if ev.Type == "complete" {
			return true, nil
		}
	}
	if p.conv.Restore != "" && p.conv.WaitingForUser() {
		// A message lost in a drop is sent again, as the person would.
		text := p.conv.Restore
		p.conv.Restore = ""
		return false, p.reply(text)
	}
	return false, nil
}

// decide starts a new interview or continues the stored one, after the
// first replay.
func (p *plain) decide() (bool, error) {
	p.decided = true
	if p.cfg.New || p.conv.SessionID == 0 {
		if err := p.link.Send(startFrame{Type: "start"}); err != nil {
			p.decided = false // decided again after the reconnect
			return false, nil
		}
		p.out.reset()
		p.conv.SentStart()
		return false, nil
	}
	if p.conv.Complete && p.conv.WaitingForUser() {
		fmt.Fprintln(p.cfg.Err, "The spec of this project is already complete; --new starts over.")
		return true, nil
	}
	return false, nil
}

// prompt writes what the next line will answer.
func (p *plain) prompt() (bool, error) {
	q := p.conv.OpenQuestion()
	if q == nil {
		return false, nil // free text: the model's words were the prompt
	}
	if p.asked == len(p.choices) && p.asked < len(q.Questions) {
		p.out.question(q.Questions[p.asked], p.asked, len(q.Questions))
		p.asked++
	}
	return false, nil
}

// reply sends one line: part of a card's answer, or a message.
func (p *plain) reply(text string) error {
	if q := p.conv.OpenQuestion(); q != nil && len(p.choices) < len(q.Questions) {
		p.choices = append(p.choices, parseChoice(q.Questions[len(p.choices)], text))
		if len(p.choices) < len(q.Questions) {
			return nil
		}
		frame, flat := answersFrame(q, p.choices)
		p.choices, p.asked = nil, 0
		if err := p.link.Send(frame); err != nil {
			return p.lost(err, flat)
		}
		p.conv.SentAnswer(flat)
		return nil
	}
	if strings.TrimSpace(text) == "" {
		text = "Nothing more to add."
	}
	if err := p.link.Send(messageFrame{Type: "message", Content: text}); err != nil {
		return p.lost(err, text)
	}
	p.conv.SentMessage(text)
	return nil
}

// lost keeps a line that could not be sent for after the reconnect.
func (p *plain) lost(err error, text string) error {
	if errors.Is(err, errNotConnected) || strings.HasPrefix(err.Error(), "send:") {
		p.conv.Restore = text
		p.choices, p.asked = nil, 0
		return nil
	}
	return err
}

type lineMsg struct {
	text string
	err  error
}

// readLines reads r line by line into a channel, closed at the end; it
// stops handing lines over when stop closes.
func readLines(r io.Reader, stop <-chan struct{}) <-chan lineMsg {
	ch := make(chan lineMsg)
	go func() {
		defer close(ch)
		sc := bufio.NewScanner(r)
		sc.Buffer(make([]byte, 64<<10), 8<<20)
		for sc.Scan() {
			select {
			case ch <- lineMsg{text: sc.Text()}:
			case <-stop:
				return
			}
		}
		if err := sc.Err(); err != nil {
			select {
			case ch <- lineMsg{err: err}:
			case <-stop:
			}
		}
	}()
	return ch
}
