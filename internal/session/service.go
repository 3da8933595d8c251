package session

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"time"

	"github.com/specwright/specwright/internal/chat"
	"github.com/specwright/specwright/internal/llm"
	"github.com/specwright/specwright/internal/prompt"
	"github.com/specwright/specwright/internal/tool"
)

// Config holds what a Service needs: Store, ProjectsDir, and either a
// Provider (a model the engine runs the tool loop for) or an Agent (one
// that runs its own).
type Config struct {
	Store       chat.Store
	Provider    llm.Provider
	Agent       llm.Agent
	ProjectsDir string // each project's folder is ProjectsDir/<name>
	Logger      *slog.Logger

	// MaxRounds bounds the model round trips of one turn (default 40).
	MaxRounds int
	// FixRounds bounds how often one turn sends the model back to fix spec
	// files that failed validation (default 3).
	FixRounds int
	// MaxTokens is the output budget of one round trip (default 32000).
	MaxTokens int
	// MaxToolCalls bounds the tool calls of one turn (default 200).
	MaxToolCalls int
	// MaxWrittenBytes bounds what one turn's tool calls may write
	// (default 32 MiB).
	MaxWrittenBytes int64
	// MaxRunning bounds the turns running at once across all projects
	// (default DefaultMaxRunning); a turn past it waits its turn in a
	// queue of at most MaxQueued (default DefaultMaxQueued), and only a
	// turn past that is refused.
	MaxRunning int
	MaxQueued  int
	// Metrics receives what the service does (default: nothing).
	Metrics Metrics
	// Documents reads attached documents; nil refuses them.
	Documents DocumentReader
	// PromptsDir is where a new project's spec files go: "prompts"
	// (default) or ".autoforge/prompts" (AutoForge's layout). A project
	// that already has a spec in .autoforge/prompts, .autocoder/prompts or
	// prompts keeps it there.
	PromptsDir string
	// MaxReplyText bounds one text block of a model reply (default
	// 512 KiB), MaxToolInput one tool call's input (default 1 MiB), and
	// MaxTurnOutput what the model sends in one turn (default 8 MiB).
	MaxReplyText, MaxToolInput, MaxTurnOutput int
	// TurnTimeout bounds how long one turn may run, however busy the
	// model keeps the connection (default 15 minutes).
	TurnTimeout time.Duration
}

// Service runs the interviews of all projects.
type Service struct {
	cfg   Config
	log   *slog.Logger
	hub   *hub
	tools *tool.Set
	specs []chat.ToolSpec // what the model is told of tools and AskUserQuestion; the same every turn
	admit *admission      // the turns running at once, and those waiting

	ctx    context.Context // parent of every turn; cancelled by Close
	cancel context.CancelFunc
	wg     sync.WaitGroup

	mu      sync.Mutex
	running map[string]*turnHandle // projects with a turn in progress
	// suspended holds the projects whose turn waits for the answer to a
	// question, and whether that turn already announced a complete spec.
	// Losing it (a restart) only loses that flag: the question itself is
	// in the stored conversation.
	suspended map[string]bool
	closed    bool
}

// turnHandle lets a running turn be stopped.
type turnHandle struct {
	cancel context.CancelCauseFunc
	done   chan struct{}
}

// Causes a turn can be stopped with; their message is what the user reads.
var (
	errCancelled = &chat.Error{Code: chat.CodeConflict, Message: "The session was cancelled"}
	errShutdown  = &chat.Error{Code: chat.CodeConflict, Message: "The server is shutting down; send your message again when it is back"}
	// errInterrupted ends a turn normally, marked interrupted.
	errInterrupted = &chat.Error{Code: chat.CodeConflict, Message: "Interrupted"}
	// errTurnTimeout ends a turn that ran past Config.TurnTimeout.
	errTurnTimeout = errors.New("the turn ran past its deadline")
)

// DefaultTurnTimeout is how long a turn may run unless Config says.
const DefaultTurnTimeout = 15 * time.Minute

// New returns a Service.
func New(cfg Config) *Service {
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	orDefault(&cfg.MaxRounds, 40)
	orDefault(&cfg.FixRounds, 3)
	orDefault(&cfg.MaxTokens, 32000)
	orDefault(&cfg.MaxToolCalls, 200)
	orDefault(&cfg.MaxWrittenBytes, 32<<20)
	orDefault(&cfg.MaxRunning, DefaultMaxRunning)
	orDefault(&cfg.MaxQueued, DefaultMaxQueued)
	orDefault(&cfg.TurnTimeout, DefaultTurnTimeout)
	orDefault(&cfg.MaxReplyText, defaultMaxReplyText)
	orDefault(&cfg.MaxToolInput, defaultMaxToolInput)
	orDefault(&cfg.MaxTurnOutput, defaultMaxTurnOutput)
	if cfg.Metrics == nil {
		cfg.Metrics = noMetrics{}
	}
	ctx, cancel := context.WithCancel(context.Background())
	tools := tool.NewSet(tool.Read(), tool.Write(), tool.Edit(), tool.Glob())
	return &Service{
		cfg:       cfg,
		log:       cfg.Logger,
		hub:       newHub(),
		admit:     newAdmission(cfg.MaxRunning, cfg.MaxQueued),
		tools:     tools,
		specs:     append(tools.Specs(), tool.AskSpec()),
		ctx:       ctx,
		cancel:    cancel,
		running:   make(map[string]*turnHandle),
		suspended: make(map[string]bool),
	}
}

// orDefault sets a limit that is not positive to its default.
func orDefault[T int | int64 | time.Duration](v *T, def T) {
	if *v <= 0 {
		*v = def
	}
}

// Backend names the provider and model the service runs interviews with.
func (s *Service) Backend() (name, model string) {
	if s.cfg.Agent != nil {
		return s.cfg.Agent.Name(), s.cfg.Agent.Model()
	}
	return s.cfg.Provider.Name(), s.cfg.Provider.Model()
}

// agentKey names the agent of a session.
func agentKey(ses chat.Session) string { return strconv.FormatInt(ses.ID, 10) }

// Close stops every running turn, which each store what they produced and
// end with an error event, and waits for them.
func (s *Service) Close() {
	s.mu.Lock()
	s.closed = true
	for _, t := range s.running {
		t.cancel(errShutdown)
	}
	s.mu.Unlock()
	s.wg.Wait()
	s.cancel()
	if s.cfg.Agent != nil {
		s.cfg.Agent.Shutdown()
	}
}

// Subscribe registers sub for the events of project until unsubscribe is
// called.
func (s *Service) Subscribe(project string, sub Subscriber) (unsubscribe func()) {
	return s.hub.subscribe(project, sub)
}

// CheckProject validates a project name: the syntax, and that no project
// differs from it only by case.
func (s *Service) CheckProject(ctx context.Context, name string) error {
	if !chat.ValidProjectName(name) {
		return chat.Errorf(chat.CodeInvalid, "Invalid project name")
	}
	_, err := s.cfg.Store.GetProject(ctx, name)
	if chat.ErrorCode(err) == chat.CodeNotFound {
		return nil
	}
	return err
}

// projectDir returns the folder of a valid project name.
func (s *Service) projectDir(name string) string { return filepath.Join(s.cfg.ProjectsDir, name) }

// turnStart is what a turn starts from: the session, its conversation
// with the new input at the end, and that input as an agent takes it.
type turnStart struct {
	ses   chat.Session
	msgs  []chat.Message
	agent llm.AgentRequest // Message or Answer set
}

// Start begins a new interview for project: the active session, if any,
// is archived, and the model greets the user.
func (s *Service) Start(ctx context.Context, project string) error {
	if err := s.CheckProject(ctx, project); err != nil {
		return err
	}
	return s.beginTurn(project, true, func() (*turnStart, error) {
		if err := os.MkdirAll(s.projectDir(project), 0o755); err != nil {
			return nil, fmt.Errorf("create project folder: %w", err)
		}
		old, err := s.cfg.Store.ActiveSession(ctx, project)
		if err == nil && s.cfg.Agent != nil {
			s.cfg.Agent.Close(agentKey(old))
		}
		name, model := s.Backend()
		// The project (if new), the session and its kickoff: one commit.
		kickoff := chat.Message{Role: chat.RoleUser, Hidden: true, Content: []chat.Block{chat.TextBlock(prompt.Kickoff)}}
		ses, err := s.cfg.Store.StartSession(ctx, chat.Session{Project: project, Provider: name, Model: model}, kickoff)
		if err != nil {
			return nil, err
		}
		return &turnStart{ses: ses, msgs: []chat.Message{kickoff}, agent: llm.AgentRequest{Message: kickoff.Content}}, nil
	})
}

// Send takes a user message. While a structured question is pending, the
// message is its answer in the user's own words.
func (s *Service) Send(ctx context.Context, project, text string, attachments []Attachment) error {
	if err := s.CheckProject(ctx, project); err != nil {
		return err
	}
	images, err := s.decodeAttachments(ctx, attachments)
	if err != nil {
		return err
	}
	return s.beginTurn(project, false, func() (*turnStart, error) {
		ses, msgs, err := s.load(ctx, project, "No active session. Send 'start' first.")
		if err != nil {
			return nil, err
		}
		var content, message []chat.Block
		var answer *llm.AgentAnswer
		if q := pendingQuestion(msgs); q != nil {
			content = append(content, chat.ToolResult(q.ToolID, tool.FormatFreeText(q.Questions, text), false))
			answer = &llm.AgentAnswer{ToolID: q.ToolID, Questions: q.Questions, FreeText: text}
		} else if text != "" {
			content = append(content, chat.TextBlock(text))
		}
		for _, img := range images {
			content = append(content, img.block)
		}
		if len(content) == 0 || (text == "" && len(images) > 0 && content[0].Type == chat.BlockImage) {
			// An image without words still needs a sentence for some models.
			content = append([]chat.Block{chat.TextBlock("(see the attached image)")}, content...)
		}
		if answer == nil {
			message = content
		}
		user := chat.Message{Role: chat.RoleUser, Content: content}
		ev := chat.Event{Type: chat.EventUser, Content: text, Attachments: attachmentNames(attachments)}
		if err := s.acknowledge(ctx, ses, user, ev); err != nil {
			return nil, err
		}
		return &turnStart{ses: ses, msgs: append(msgs, user), agent: llm.AgentRequest{Message: message, Answer: answer}}, nil
	})
}

// Answer takes the answers to the pending structured question: answers[i]
// holds the labels chosen, or the free text typed, for question i. When
// no question is pending, the answers are taken as a plain message.
func (s *Service) Answer(ctx context.Context, project, toolID string, answers map[int][]string) error {
	if err := s.CheckProject(ctx, project); err != nil {
		return err
	}
	return s.beginTurn(project, false, func() (*turnStart, error) {
		ses, msgs, err := s.load(ctx, project, "No active session")
		if err != nil {
			return nil, err
		}
		display := flattenAnswers(answers)
		var user chat.Message
		var req llm.AgentRequest
		if q := pendingQuestion(msgs); q != nil {
			if toolID != "" && toolID != q.ToolID {
				return nil, chat.Errorf(chat.CodeConflict, "That question is no longer open; answer the current one")
			}
			ordered := make([][]string, len(q.Questions))
			for i := range ordered {
				ordered[i] = answers[i]
			}
			user = chat.Message{Role: chat.RoleUser, Content: []chat.Block{
				chat.ToolResult(q.ToolID, tool.FormatAnswers(q.Questions, ordered), false),
			}}
			req.Answer = &llm.AgentAnswer{ToolID: q.ToolID, Questions: q.Questions, Answers: ordered}
		} else {
			user = chat.Message{Role: chat.RoleUser, Content: []chat.Block{chat.TextBlock(display)}}
			req.Message = user.Content
		}
		ev := chat.Event{Type: chat.EventUser, Content: display, ToolID: toolID}
		if err := s.acknowledge(ctx, ses, user, ev); err != nil {
			return nil, err
		}
		return &turnStart{ses: ses, msgs: append(msgs, user), agent: req}, nil
	})
}

// acknowledge stores the user's message and its transcript event in one
// transaction, then publishes the event: version 2 clients take it as the
// acknowledgement that the message is durable.
func (s *Service) acknowledge(ctx context.Context, ses chat.Session, m chat.Message, ev chat.Event) error {
	stored, err := s.cfg.Store.Append(ctx, ses.ID, []chat.Message{m}, []chat.Event{ev})
	if err != nil {
		return err
	}
	s.publish(ses.Project, stored[0])
	return nil
}

// load returns the active session of project and its conversation.
func (s *Service) load(ctx context.Context, project, missing string) (chat.Session, []chat.Message, error) {
	ses, err := s.cfg.Store.ActiveSession(ctx, project)
	if chat.ErrorCode(err) == chat.CodeNotFound {
		return ses, nil, chat.Errorf(chat.CodeNotFound, "%s", missing)
	}
	if err != nil {
		return ses, nil, err
	}
	msgs, err := s.cfg.Store.Messages(ctx, ses.ID)
	if err != nil {
		return ses, nil, err
	}
	if err := os.MkdirAll(s.projectDir(project), 0o755); err != nil {
		return ses, nil, fmt.Errorf("create project folder: %w", err)
	}
	return ses, msgs, nil
}

// beginTurn reserves the project's single turn slot, runs prepare (which
// stores the user's input) and starts the turn in the background. The
// input is durable before the model sees it; if prepare fails, nothing
// runs and the error is the caller's to report.
//
// A fresh turn (a new interview) forgets a suspended one; any other turn
// resumes it.
func (s *Service) beginTurn(project string, fresh bool, prepare func() (*turnStart, error)) error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return errShutdown
	}
	if _, busy := s.running[project]; busy {
		s.mu.Unlock()
		return chat.Errorf(chat.CodeConflict, "A response is already in progress; wait for it to finish")
	}
	if s.admit.full() {
		s.mu.Unlock()
		return s.admit.busyError()
	}
	ctx, cancel := context.WithCancelCause(s.ctx)
	h := &turnHandle{cancel: cancel, done: make(chan struct{})}
	s.running[project] = h
	s.wg.Add(1)
	s.mu.Unlock()

	start, err := prepare()
	if err != nil {
		s.mu.Lock()
		delete(s.running, project)
		s.mu.Unlock()
		cancel(nil)
		close(h.done)
		s.wg.Done()
		return err
	}
	s.mu.Lock()
	completed := s.suspended[project] && !fresh
	delete(s.suspended, project)
	s.mu.Unlock()
	s.hub.acquire(project) // keeps the streaming block for resuming clients
	s.startWhenAdmitted(ctx, project, func() {
		defer s.admit.leave()
		defer s.hub.release(project)
		began := s.turnBegins(project)
		ctx, stop := context.WithTimeoutCause(ctx, s.cfg.TurnTimeout, errTurnTimeout)
		defer stop()
		var final []chat.Event
		st := &turnStats{start: time.Now()}
		if s.cfg.Agent != nil {
			final = s.runAgentTurn(ctx, start, completed, st)
		} else {
			final, _ = s.runTurn(ctx, start.ses, start.msgs, completed, st)
		}
		s.finish(start.ses, final)
		s.logTurn(start.ses, st, final)
		s.cfg.Metrics.TurnFinished(metricOutcome(final), time.Since(began))
		cancel(nil)
		close(h.done)
		s.wg.Done()
	})
	return nil
}

func (s *Service) setSuspended(project string, completed bool) {
	s.mu.Lock()
	s.suspended[project] = completed
	s.mu.Unlock()
}

// finish stores the events that end a run of a turn, then frees the project's turn
// slot and publishes them in one step: a client that has seen
// response_done can send its next message at once and never
// be told that a response is in progress, and no event of a later turn can overtake
// these.
func (s *Service) finish(ses chat.Session, final []chat.Event) { s.finishFor(ses, final, false) }

// finishFor is finish; with v2Only, version 1 sockets are not sent the
// events (they are still stored).
func (s *Service) finishFor(ses chat.Session, final []chat.Event, v2Only bool) {
	stored, err := s.cfg.Store.Append(context.WithoutCancel(s.ctx), ses.ID, nil, final)
	if err != nil {
		s.log.Error("store events", "project", ses.Project, "session", ses.ID, "err", err)
		stored = final
	}
	frames := make([]Frames, 0, len(stored))
	for _, ev := range stored {
		if f, err := encode(ev); err == nil {
			if v2Only {
				f.V1 = nil
			}
			frames = append(frames, f)
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.running, ses.Project)
	for _, f := range frames {
		s.hub.publish(ses.Project, f)
	}
}

// Cancel ends the project's active session: a running turn is stopped and
// the session is marked cancelled (it stays in the store).
func (s *Service) Cancel(ctx context.Context, project string) error {
	if !chat.ValidProjectName(project) {
		return chat.Errorf(chat.CodeInvalid, "Invalid project name")
	}
	ses, err := s.cfg.Store.ActiveSession(ctx, project)
	if err != nil {
		return err
	}
	s.mu.Lock()
	h := s.running[project]
	_, waiting := s.suspended[project]
	delete(s.suspended, project)
	s.mu.Unlock()
	if waiting {
		// The turn waiting on a question ends here. Its request was
		// already answered (question, response_done), so a version 1
		// client, which expects nothing now, is told nothing; a version 2
		// client learns that the question is closed.
		s.finishFor(ses, []chat.Event{{Type: chat.EventError, Content: errCancelled.Message}}, true)
	}
	if s.cfg.Agent != nil {
		defer s.cfg.Agent.Close(agentKey(ses))
	}
	if h != nil {
		h.cancel(errCancelled)
		select {
		case <-h.done:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return s.cfg.Store.EndSession(ctx, ses.ID, chat.SessionCancelled)
}

// Info is what the session route reports.
type Info struct {
	ProjectName  string `json:"project_name"`
	IsActive     bool   `json:"is_active"`
	IsComplete   bool   `json:"is_complete"`
	MessageCount int    `json:"message_count"`
}

// Info describes the project's active session.
func (s *Service) Info(ctx context.Context, project string) (Info, error) {
	if !chat.ValidProjectName(project) {
		return Info{}, chat.Errorf(chat.CodeInvalid, "Invalid project name")
	}
	ses, err := s.cfg.Store.ActiveSession(ctx, project)
	if err != nil {
		return Info{}, err
	}
	n, err := s.cfg.Store.CountMessages(ctx, ses.ID)
	if err != nil {
		return Info{}, err
	}
	return Info{ProjectName: project, IsActive: true, IsComplete: ses.IsComplete(), MessageCount: n}, nil
}

// ActiveProjects lists the projects with an active session.
func (s *Service) ActiveProjects(ctx context.Context) ([]string, error) {
	return s.cfg.Store.ActiveProjects(ctx)
}

// Status is what the spec status route reports: the server's own verdict
// on the project's spec files.
type Status struct {
	Exists       bool            `json:"exists"`
	Status       chat.SpecStatus `json:"status"`
	FeatureCount *int            `json:"feature_count"`
	Timestamp    *time.Time      `json:"timestamp"`
	FilesWritten []string        `json:"files_written"`
}

// SpecStatus reports the state of project's spec, from its latest session.
func (s *Service) SpecStatus(ctx context.Context, project string) (Status, error) {
	if !chat.ValidProjectName(project) {
		return Status{}, chat.Errorf(chat.CodeInvalid, "Invalid project name")
	}
	if _, err := s.cfg.Store.GetProject(ctx, project); err != nil {
		if chat.ErrorCode(err) == chat.CodeConflict {
			return Status{}, chat.Errorf(chat.CodeNotFound, "Project not found")
		}
		return Status{}, err
	}
	st := Status{Status: chat.SpecNotStarted, FilesWritten: []string{}}
	ses, err := s.cfg.Store.LatestSession(ctx, project)
	if chat.ErrorCode(err) == chat.CodeNotFound {
		return st, nil
	}
	if err != nil {
		return st, err
	}
	st.Status = ses.SpecStatus
	if st.Status == "" {
		st.Status = chat.SpecInProgress
	}
	st.Exists = st.Status != chat.SpecNotStarted
	if ses.Written != nil {
		st.FilesWritten = ses.Written
	}
	if st.Status == chat.SpecComplete {
		n := ses.FeatureCount
		st.FeatureCount = &n
	}
	if !ses.VerifiedAt.IsZero() {
		t := ses.VerifiedAt.UTC()
		st.Timestamp = &t
	}
	return st, nil
}

// Transcript returns the stored events of project's latest session with a
// sequence number above afterSeq, and that session.
func (s *Service) Transcript(ctx context.Context, project string, afterSeq int64) (chat.Session, []chat.Event, error) {
	if !chat.ValidProjectName(project) {
		return chat.Session{}, nil, chat.Errorf(chat.CodeInvalid, "Invalid project name")
	}
	ses, err := s.cfg.Store.LatestSession(ctx, project)
	if chat.ErrorCode(err) == chat.CodeNotFound {
		return ses, nil, chat.Errorf(chat.CodeNotFound, "No session for this project")
	}
	if err != nil {
		return ses, nil, err // a store failure is no "not found"
	}
	evs, err := s.cfg.Store.Events(ctx, ses.ID, afterSeq)
	return ses, evs, err
}

// emit stores ev in the session's transcript and publishes it.
func (s *Service) emit(ses chat.Session, ev chat.Event) {
	stored, err := s.cfg.Store.Append(context.WithoutCancel(s.ctx), ses.ID, nil, []chat.Event{ev})
	if err != nil {
		s.log.Error("store event", "project", ses.Project, "session", ses.ID, "type", ev.Type, "err", err)
	} else {
		ev = stored[0]
	}
	s.publish(ses.Project, ev)
}

// publish sends ev to the project's subscribers without storing it.
func (s *Service) publish(project string, ev chat.Event) {
	if ev.Type == chat.EventSpecComplete {
		s.cfg.Metrics.SpecCompleted()
	}
	f, err := encode(ev)
	if err != nil {
		s.log.Error("encode event", "err", err)
		return
	}
	s.hub.publish(project, f)
}
