package termchat

// Kind says what an Item of the conversation is.
type Kind int

const (
	KindAssistant Kind = iota
	KindUser
	KindQuestion
	KindFile
	KindValidation
	KindError
	KindNotice
	KindComplete
)

// QState is where a question card stands.
type QState int

const (
	QOpen     QState = iota // waiting for the user
	QAnswered               // the user answered it
	QClosed                 // the turn ended without an answer
)

// Item is one entry of the conversation as the client shows it.
type Item struct {
	Kind Kind
	// ID is stable for the item's life; Rev grows whenever it changes,
	// so that a renderer may cache by (ID, Rev).
	ID, Rev int
	// Text: the assistant's or user's text, an error, a notice, or a
	// validation event's content.
	Text string
	// Open: streamed assistant text that no stored event has sealed yet.
	Open bool
	// Pending: a user message sent and not yet acknowledged.
	Pending bool
	// Answer: the user item answers a structured question.
	Answer    bool
	Questions []Question
	ToolID    string
	State     QState
	Path      string
	Problems  []string
}

// Conversation is the interview as the client shows it, computed from the
// server's events. The server is the source of truth: a reconnect replays
// what was missed and the rules below make it lose and repeat nothing.
//
// Streamed text has no seq and stays "open" until a stored event seals
// it (the server stores each finished block silently: it was already
// streamed). Open text is dropped before a replay, which brings it back
// either as the stored block or as the block so far.
type Conversation struct {
	Items     []Item
	LastSeq   int64
	SessionID int64 // 0: not known yet
	// Known: a replay has told whether a session exists.
	Known bool
	// Running: the server runs a turn. Awaiting: we sent something and
	// have seen no sign of it yet.
	Running, Awaiting bool
	// Complete: the spec of this session is complete.
	Complete bool
	// SpecVersion grows whenever the spec files may have changed.
	SpecVersion int
	// Restore is text the user typed that did not reach the server; the
	// front end puts it back in the composer and clears it.
	Restore string

	startPending bool
	// completing: the turn sent spec_complete and its complete has not
	// come yet; the user's turn waits for it, so that nothing is sent in
	// between.
	completing bool
	replaying  bool
	buf        []Event
	resync     bool
	nextID     int
}

// Apply takes one event from the server.
func (c *Conversation) Apply(ev Event) {
	if c.replaying {
		if ev.Type != "resumed" {
			c.buf = append(c.buf, ev)
			return
		}
		buf := c.buf
		c.replaying, c.buf = false, nil
		c.applyReplay(buf, ev)
		return
	}
	c.applyEvent(ev, true)
}

// SentStart records that the user began a new interview.
func (c *Conversation) SentStart() {
	*c = Conversation{nextID: c.nextID, Known: true, Awaiting: true, startPending: true}
}

// SentMessage records a message on its way; while a question is open
// it is that question's answer in the user's own words.
func (c *Conversation) SentMessage(text string) {
	answering := c.OpenQuestion() != nil
	c.closeQuestions(QAnswered)
	c.Awaiting, c.Restore = true, ""
	c.push(Item{Kind: KindUser, Text: text, Pending: true, Answer: answering})
}

// SentAnswer records the answer to the open question, flattened.
func (c *Conversation) SentAnswer(text string) {
	c.closeQuestions(QAnswered)
	c.Awaiting, c.Restore = true, ""
	c.push(Item{Kind: KindUser, Text: text, Pending: true, Answer: true})
}

// Notice adds a line from the client itself.
func (c *Conversation) Notice(text string) { c.push(Item{Kind: KindNotice, Text: text}) }

// Busy reports whether a reply is coming.
func (c *Conversation) Busy() bool {
	return (c.Running || c.Awaiting) && c.OpenQuestion() == nil
}

// WaitingForUser reports whether it is the user's turn: the server is
// idle (or paused at a question) and the view is current.
func (c *Conversation) WaitingForUser() bool {
	if c.completing && c.OpenQuestion() == nil {
		return false
	}
	return c.Known && !c.replaying && !c.startPending && !c.Busy()
}

// OpenQuestion returns the question waiting for an answer, if any.
func (c *Conversation) OpenQuestion() *Item {
	for i := len(c.Items) - 1; i >= 0; i-- {
		if c.Items[i].Kind == KindQuestion {
			if c.Items[i].State == QOpen {
				return &c.Items[i]
			}
			return nil
		}
	}
	return nil
}

func (c *Conversation) push(it Item) {
	c.nextID++
	it.ID = c.nextID
	c.Items = append(c.Items, it)
}

func (c *Conversation) last() *Item {
	if len(c.Items) == 0 {
		return nil
	}
	return &c.Items[len(c.Items)-1]
}

// seal closes the open streamed text, if any.
func (c *Conversation) seal() {
	if l := c.last(); l != nil && l.Kind == KindAssistant && l.Open {
		l.Open = false
		l.Rev++
	}
}

// dropOpen removes streamed text that no stored event has sealed.
func (c *Conversation) dropOpen() {
	kept := c.Items[:0]
	for _, it := range c.Items {
		if !(it.Kind == KindAssistant && it.Open) {
			kept = append(kept, it)
		}
	}
	c.Items = kept
}

func (c *Conversation) closeQuestions(to QState) {
	for i := range c.Items {
		if c.Items[i].Kind == KindQuestion && c.Items[i].State == QOpen {
			c.Items[i].State = to
			c.Items[i].Rev++
		}
	}
}

// reopenQuestion undoes the answered mark of the latest question when
// its answer was refused or lost before reaching the server.
func (c *Conversation) reopenQuestion() {
	for i := len(c.Items) - 1; i >= 0; i-- {
		if c.Items[i].Kind == KindQuestion {
			if c.Items[i].State == QAnswered {
				c.Items[i].State = QOpen
				c.Items[i].Rev++
			}
			return
		}
	}
}

func (c *Conversation) pendingUser() int {
	for i, it := range c.Items {
		if it.Kind == KindUser && it.Pending {
			return i
		}
	}
	return -1
}

func (c *Conversation) remove(i int) Item {
	it := c.Items[i]
	c.Items = append(c.Items[:i:i], c.Items[i+1:]...)
	return it
}

func (c *Conversation) applyEvent(ev Event, live bool) {
	switch ev.Type {
	case "pong", "resumed":
		return
	}
	if ev.Seq > 0 {
		if ev.Seq <= c.LastSeq {
			// Live events never repeat: a stored event numbered below
			// what is shown belongs to a newer interview.
			if live {
				c.resync = true
			}
			return
		}
		c.LastSeq, c.startPending = ev.Seq, false
	} else if ev.Type == "text" {
		c.startPending = false
	}

	switch ev.Type {
	case "text":
		l := c.last()
		if ev.Seq > 0 {
			// A stored block replaces the open text it was streamed as.
			if l != nil && l.Kind == KindAssistant && l.Open {
				l.Text, l.Open = ev.Content, false
				l.Rev++
				return
			}
			c.push(Item{Kind: KindAssistant, Text: ev.Content})
			return
		}
		c.Running, c.Awaiting = true, false
		if l != nil && l.Kind == KindAssistant && l.Open {
			l.Text += ev.Content
			l.Rev++
			return
		}
		c.push(Item{Kind: KindAssistant, Text: ev.Content, Open: true})

	case "user":
		c.seal()
		c.closeQuestions(QAnswered)
		c.Running, c.Awaiting = true, false
		// The acknowledgement of a message this client sent.
		if i := c.pendingUser(); i >= 0 {
			it := c.remove(i)
			it.Text, it.Pending, it.Answer = ev.Content, false, it.Answer || ev.ToolID != ""
			c.push(it)
			return
		}
		c.push(Item{Kind: KindUser, Text: ev.Content, Answer: ev.ToolID != ""})

	case "question":
		c.seal()
		c.closeQuestions(QClosed)
		c.Running, c.Awaiting = false, false
		c.push(Item{Kind: KindQuestion, Questions: ev.Questions, ToolID: ev.ToolID})

	case "file_written":
		c.seal()
		c.SpecVersion++
		c.push(Item{Kind: KindFile, Path: ev.Path})

	case "spec_complete":
		c.seal()
		c.Complete, c.completing = true, true
		c.SpecVersion++

	case "validation":
		c.seal()
		c.SpecVersion++
		c.push(Item{Kind: KindValidation, Text: ev.Content, Problems: ev.Problems})

	case "response_done":
		c.seal()
		c.Running = false
		// A message or answer still unacknowledged is a later request
		// than the one this ends: an answer may go out the moment its
		// question arrives, before the question's response_done. Its
		// reply is still to come.
		if c.pendingUser() < 0 {
			c.Awaiting = false
		}
		if ev.Interrupted {
			c.completing = false
			c.closeQuestions(QClosed)
			c.Notice("Stopped. Send a message to go on.")
			return
		}
		// A server may end the turn's first half right after a question
		// (the turn stays paused until the answer): the question stays
		// open. Any other end of a turn closes what was left open.
		if l := c.last(); l != nil && l.Kind == KindQuestion && l.State == QOpen {
			return
		}
		c.closeQuestions(QClosed)

	case "complete":
		c.seal()
		c.Complete, c.completing = true, false
		c.SpecVersion++
		c.push(Item{Kind: KindComplete})

	case "error":
		if ev.Seq == 0 {
			// A refusal: it went only to this client, about what it
			// just sent.
			c.Awaiting = false
			if i := c.pendingUser(); i >= 0 {
				it := c.remove(i)
				c.Restore = it.Text
				if it.Answer {
					c.reopenQuestion()
				}
			} else if c.startPending {
				// The new interview was refused: show the stored one.
				c.startPending = false
				c.resync = true
			}
			c.push(Item{Kind: KindError, Text: ev.Content})
			return
		}
		c.seal()
		c.closeQuestions(QClosed)
		c.Running, c.Awaiting, c.completing = false, false, false
		c.push(Item{Kind: KindError, Text: ev.Content})
	}
}
