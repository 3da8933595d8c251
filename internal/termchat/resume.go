package termchat

import "strings"

// The resume rules: what a client sends when its socket opens, and how
// the replay that comes back joins what is shown, so that a reconnect
// loses and repeats nothing.

// Connected is called when a socket opens: events are held until the
// replay ends, and the returned frame is what to send first.
func (c *Conversation) Connected() resumeFrame {
	c.replaying, c.buf = true, nil
	f := resumeFrame{Type: "resume", AfterSeq: c.LastSeq}
	if c.SessionID != 0 {
		f.SessionID = c.SessionID
	}
	return f
}

// Disconnected is called when the socket drops.
func (c *Conversation) Disconnected() { c.replaying, c.buf = false, nil }

// Replaying reports whether a replay is under way.
func (c *Conversation) Replaying() bool { return c.replaying }

// NeedsResync reports (once) that the view no longer matches the
// server's (another client started a new interview): the owner calls
// Resync and sends what it returns.
func (c *Conversation) NeedsResync() bool {
	r := c.resync
	c.resync = false
	return r
}

// Resync forgets everything and asks for the whole latest session.
func (c *Conversation) Resync() resumeFrame {
	*c = Conversation{nextID: c.nextID, Restore: c.Restore}
	return c.Connected()
}

// replayStart returns where the server's replay begins in buf. Live
// events can reach a new socket before the server has read its resume;
// the replay repeats them (stored events again, streamed text as the
// block so far), so they are dropped. The replay is a run of stored
// events in rising seq order after afterSeq, then at most one text
// without seq (the block streaming now).
func replayStart(buf []Event, afterSeq int64) int {
	i := len(buf)
	if i > 0 && buf[i-1].Type == "text" && buf[i-1].Seq == 0 {
		i--
	}
	end := i
	for i > 0 {
		seq := buf[i-1].Seq
		if seq <= afterSeq {
			break
		}
		if i < end && seq >= buf[i].Seq {
			break
		}
		i--
	}
	return i
}

func (c *Conversation) applyReplay(events []Event, resumed Event) {
	same := c.SessionID == resumed.SessionID
	if c.SessionID == 0 {
		same = c.Known || c.LastSeq == 0
	}
	if !same || resumed.SessionID == 0 {
		// Another interview than the one shown, or none.
		var keep []Item
		if resumed.SessionID == 0 {
			for _, it := range c.Items {
				if it.Kind == KindUser && it.Pending {
					keep = append(keep, it)
				}
			}
		}
		*c = Conversation{nextID: c.nextID, Restore: c.Restore, Items: keep}
	} else {
		c.dropOpen()
	}
	for _, ev := range events[replayStart(events, c.LastSeq):] {
		c.applyEvent(ev, false)
	}
	c.SessionID = resumed.SessionID
	c.Known = true
	c.Running, c.Awaiting, c.startPending = resumed.Running, false, false
	if !resumed.Running {
		c.completing = false // a turn that is over sends no complete any more
	}
	c.LastSeq = max(c.LastSeq, resumed.LastSeq)
	if !resumed.Running {
		c.seal()
	}
	// A message the replay does not hold never reached the server: it
	// goes back to the composer rather than pretending it was sent.
	if resumed.SessionID == 0 {
		return
	}
	var lost []string
	answer := false
	for i := 0; i < len(c.Items); {
		if it := c.Items[i]; it.Kind == KindUser && it.Pending {
			lost = append(lost, it.Text)
			answer = answer || it.Answer
			c.remove(i)
			continue
		}
		i++
	}
	if len(lost) > 0 {
		if answer {
			c.reopenQuestion()
		}
		c.Restore = strings.Join(lost, "\n\n")
		c.Notice("Your last message did not reach specwright before the connection dropped; it is back in the composer: send it again.")
	}
}
