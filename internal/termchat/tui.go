package termchat

import (
	"context"
	"errors"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	"charm.land/bubbles/v2/textarea"
	"charm.land/bubbles/v2/textinput"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
)

// runTUI runs the full-screen client on cfg.In and cfg.Out.
func runTUI(ctx context.Context, cfg Config) error {
	m := newModel(ctx, cfg)
	opts := []tea.ProgramOption{tea.WithContext(ctx), tea.WithInput(cfg.In), tea.WithOutput(cfg.Out)}
	if !cfg.Color {
		opts = append(opts, tea.WithColorProfile(colorprofile.Ascii))
	}
	final, err := tea.NewProgram(m, opts...).Run()
	if fm, ok := final.(*model); ok {
		fm.close()
		if err == nil {
			err = fm.fatal
		}
	}
	if errors.Is(err, tea.ErrProgramKilled) && ctx.Err() != nil {
		return ctx.Err()
	}
	return err
}

// connState is what the header says of the socket.
type connState int

const (
	connNone connState = iota // no project open
	connDialing
	connUp
	connDown
)

// The messages the model gets besides keys and sizes.
type (
	linkMsg     struct{ m any }
	linkClosed  struct{}
	projectsMsg struct {
		list []ProjectInfo
		err  error
	}
	createdMsg struct {
		name string
		err  error
	}
	specMsg struct {
		view SpecView
		err  error
	}
	exportedMsg struct {
		dir string
		err error
	}
	flashExpired struct{ at time.Time }
)

// quitWindow is how soon a second ctrl+c must follow the first to quit.
const quitWindow = 2 * time.Second

// model is the Bubble Tea model of the whole client.
type model struct {
	ctx context.Context
	cfg Config
	st  styles

	width, height int

	// The project list, before a project is open.
	projects       []ProjectInfo
	projectsErr    error
	projCursor     int
	naming         bool
	nameInput      textinput.Model
	projectsLoaded bool

	project string
	link    *Link
	conv    Conversation
	conn    connState
	decided bool

	composer    textarea.Model
	picker      *picker
	spin        spinner.Model
	vp          viewport.Model
	md          *markdown
	renderCache map[int]cached
	// scrolledBack: the person scrolled up; new text does not pull
	// the view down.
	scrolledBack bool

	spec      *specPane
	flash     string
	flashAt   time.Time
	lastCtrlC time.Time
	fatal     error

	// probe, when set (tests), sees the model after every update.
	probe func(*model)
}

func newModel(ctx context.Context, cfg Config) *model {
	m := &model{ctx: ctx, cfg: cfg, st: newStyles(), width: 80, height: 24, project: cfg.Project}
	m.composer = textarea.New()
	m.composer.Placeholder = "Type your reply. Enter sends; Alt+Enter for a new line."
	m.composer.ShowLineNumbers = false
	m.composer.Prompt = "┃ "
	m.composer.CharLimit = 0
	m.composer.MaxHeight = 0
	m.composer.SetHeight(3)
	m.composer.KeyMap.InsertNewline = key.NewBinding(key.WithKeys("shift+enter", "alt+enter", "ctrl+j"))
	m.composer.Focus()
	m.spin = spinner.New(spinner.WithSpinner(spinner.Dot))
	m.vp = viewport.New()
	m.vp.KeyMap = viewport.KeyMap{
		PageDown:     key.NewBinding(key.WithKeys("pgdown")),
		PageUp:       key.NewBinding(key.WithKeys("pgup")),
		HalfPageUp:   key.NewBinding(key.WithKeys("ctrl+u")),
		HalfPageDown: key.NewBinding(key.WithKeys("ctrl+d")),
	}
	m.md = newMarkdown(cfg.Color)
	m.nameInput = textinput.New()
	m.nameInput.Placeholder = "my-app"
	m.nameInput.CharLimit = 50
	m.nameInput.Prompt = ""
	m.layout()
	return m
}

func (m *model) Init() tea.Cmd {
	if m.project == "" {
		return m.loadProjects()
	}
	return m.open(m.project)
}

// close ends the socket, if any.
func (m *model) close() {
	if m.link != nil {
		m.link.Close()
		m.link = nil
	}
}

func (m *model) loadProjects() tea.Cmd {
	srv, ctx := m.cfg.Server, m.ctx
	return func() tea.Msg {
		list, err := srv.Projects(ctx)
		return projectsMsg{list, err}
	}
}

// open connects to a project's socket.
func (m *model) open(name string) tea.Cmd {
	m.project = name
	link, err := dialLink(m.ctx, m.cfg.Server, name)
	if err != nil {
		m.fatal = err
		return tea.Quit
	}
	m.link, m.conn = link, connDialing
	return tea.Batch(waitLink(link), m.composer.Focus())
}

func waitLink(l *Link) tea.Cmd {
	ch := l.Msgs()
	return func() tea.Msg {
		msg, ok := <-ch
		if !ok {
			return linkClosed{}
		}
		return linkMsg{msg}
	}
}

func (m *model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	cmd := m.update(msg)
	if m.probe != nil {
		m.probe(m)
	}
	return m, cmd
}

func (m *model) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.renderCache = nil
		m.layout()
		m.refresh()
		return nil
	case spinner.TickMsg:
		if !m.conv.Busy() {
			return nil // the spinner stops with the reply
		}
		var cmd tea.Cmd
		m.spin, cmd = m.spin.Update(msg)
		return cmd
	case flashExpired:
		if msg.at.Equal(m.flashAt) {
			m.flash = ""
		}
		return nil
	case projectsMsg:
		m.projects, m.projectsErr, m.projectsLoaded = msg.list, msg.err, true
		return nil
	case createdMsg:
		if msg.err != nil {
			m.projectsErr = msg.err
			return nil
		}
		m.naming = false
		return m.open(msg.name)
	case specMsg:
		if m.spec != nil {
			m.spec.loaded(msg.view, msg.err)
			m.refresh()
		}
		return nil
	case exportedMsg:
		if msg.err != nil {
			return m.setFlash("Export failed: " + msg.err.Error())
		}
		return m.setFlash("Exported to " + msg.dir)
	case linkMsg:
		cmd := m.onLink(msg.m)
		return tea.Batch(cmd, waitLink(m.link))
	case linkClosed:
		return nil
	case tea.PasteMsg:
		if m.project != "" && m.picker == nil && m.spec == nil {
			var cmd tea.Cmd
			m.composer, cmd = m.composer.Update(msg)
			m.layout()
			return cmd
		}
		return nil
	case tea.KeyPressMsg:
		return m.onKey(msg)
	}
	return nil
}

func (m *model) setFlash(s string) tea.Cmd {
	m.flash, m.flashAt = s, time.Now()
	at := m.flashAt
	return tea.Tick(4*time.Second, func(time.Time) tea.Msg { return flashExpired{at} })
}

// onLink takes what the socket reports.
func (m *model) onLink(msg any) tea.Cmd {
	busy := m.conv.Busy()
	var cmds []tea.Cmd
	switch msg := msg.(type) {
	case linkUp:
		m.conn = connUp
		_ = m.link.Send(m.conv.Connected())
	case linkDown:
		m.conv.Disconnected()
		m.conn = connDown
	case linkFatal:
		m.fatal = msg.err
		return tea.Quit
	case linkEvent:
		replaying := m.conv.Replaying()
		m.conv.Apply(msg.ev)
		if m.conv.NeedsResync() {
			_ = m.link.Send(m.conv.Resync())
		}
		if replaying && !m.conv.Replaying() && !m.decided {
			cmds = append(cmds, m.decide())
		}
		if m.conv.SpecVersion != 0 && m.spec != nil && m.spec.version != m.conv.SpecVersion {
			cmds = append(cmds, m.spec.reload(m))
		}
	}
	if m.conv.Restore != "" {
		if strings.TrimSpace(m.composer.Value()) == "" {
			m.composer.SetValue(m.conv.Restore)
		}
		m.conv.Restore = ""
	}
	m.syncPicker()
	m.layout()
	m.refresh()
	if !busy && m.conv.Busy() {
		cmds = append(cmds, m.spin.Tick)
	}
	return tea.Batch(cmds...)
}

// decide starts the interview or continues it, after the first replay.
func (m *model) decide() tea.Cmd {
	m.decided = true
	if m.cfg.New || m.conv.SessionID == 0 {
		m.cfg.New = false
		if err := m.link.Send(startFrame{Type: "start"}); err != nil {
			m.decided = false
			return nil
		}
		m.conv.SentStart()
		return m.spin.Tick
	}
	return nil
}

// syncPicker shows the picker for the open question, or none.
func (m *model) syncPicker() {
	q := m.conv.OpenQuestion()
	switch {
	case q == nil:
		m.picker = nil
	case m.picker == nil || m.picker.cardID != q.ID:
		m.picker = newPicker(q)
	default:
		m.picker.card = q
	}
	if m.picker != nil {
		m.composer.Blur()
	} else if m.spec == nil {
		m.composer.Focus()
	}
}
