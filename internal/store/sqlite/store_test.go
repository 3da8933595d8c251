package sqlite

import (
	"context"
	"database/sql"
	"maps"
	"path/filepath"
	"sync"
	"testing"

	"github.com/specwright/specwright/internal/chat"
)

func openTemp(t testing.TB) (*Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "specwright.db")
	s, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, path
}

// Every pooled connection must carry the durable settings, not just the
// first one: synchronous is per connection in SQLite.
func TestPragmasOnEveryPooledConnection(t *testing.T) {
	s, _ := openTemp(t)
	ctx := context.Background()
	var conns []interface{ Close() error }
	for i := 0; i < 4; i++ {
		c, err := s.DB().Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		conns = append(conns, c)
		var mode string
		var sync, busy, fk int
		if err := c.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil {
			t.Fatal(err)
		}
		c.QueryRowContext(ctx, "PRAGMA synchronous").Scan(&sync)
		c.QueryRowContext(ctx, "PRAGMA busy_timeout").Scan(&busy)
		c.QueryRowContext(ctx, "PRAGMA foreign_keys").Scan(&fk)
		if mode != "wal" || sync != 2 || busy != 10000 || fk != 1 {
			t.Errorf("conn %d: journal_mode=%s synchronous=%d busy_timeout=%d foreign_keys=%d", i, mode, sync, busy, fk)
		}
	}
	for _, c := range conns {
		c.Close()
	}
}

func TestProjectNamesDifferingOnlyByCaseConflict(t *testing.T) {
	s, _ := openTemp(t)
	ctx := context.Background()
	if _, err := s.EnsureProject(ctx, "MyApp"); err != nil {
		t.Fatal(err)
	}
	if p, err := s.EnsureProject(ctx, "MyApp"); err != nil || p.Name != "MyApp" {
		t.Fatalf("second ensure: %v %v", p, err)
	}
	_, err := s.EnsureProject(ctx, "myapp")
	if chat.ErrorCode(err) != chat.CodeConflict {
		t.Fatalf("want conflict, got %v", err)
	}
	if _, err := s.GetProject(ctx, "other"); chat.ErrorCode(err) != chat.CodeNotFound {
		t.Fatalf("want not found, got %v", err)
	}
}

func TestStartArchivesPreviousSession(t *testing.T) {
	s, _ := openTemp(t)
	ctx := context.Background()
	s.EnsureProject(ctx, "p")
	first, err := s.StartSession(ctx, chat.Session{Project: "p", Provider: "guided"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Append(ctx, first.ID, []chat.Message{{Role: chat.RoleUser, Content: []chat.Block{chat.TextBlock("hi")}}},
		[]chat.Event{{Type: chat.EventUser, Content: "hi"}}); err != nil {
		t.Fatal(err)
	}
	second, err := s.StartSession(ctx, chat.Session{Project: "p", Provider: "guided"})
	if err != nil {
		t.Fatal(err)
	}
	active, err := s.ActiveSession(ctx, "p")
	if err != nil || active.ID != second.ID {
		t.Fatalf("active = %v, %v; want %d", active.ID, err, second.ID)
	}
	// The archived session keeps its transcript.
	msgs, err := s.Messages(ctx, first.ID)
	if err != nil || len(msgs) != 1 || msgs[0].Text() != "hi" {
		t.Fatalf("archived messages = %v, %v", msgs, err)
	}
	if names, _ := s.ActiveProjects(ctx); len(names) != 1 || names[0] != "p" {
		t.Fatalf("active projects = %v", names)
	}
	if err := s.EndSession(ctx, second.ID, chat.SessionCancelled); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ActiveSession(ctx, "p"); chat.ErrorCode(err) != chat.CodeNotFound {
		t.Fatalf("after cancel: %v", err)
	}
	if err := s.EndSession(ctx, second.ID, chat.SessionCancelled); chat.ErrorCode(err) != chat.CodeNotFound {
		t.Fatalf("second cancel: %v", err)
	}
}

func TestAppendNumbersEventsAndSurvivesReopen(t *testing.T) {
	s, path := openTemp(t)
	ctx := context.Background()
	s.EnsureProject(ctx, "p")
	ses, _ := s.StartSession(ctx, chat.Session{Project: "p"})
	var wg sync.WaitGroup
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := s.Append(ctx, ses.ID, nil, []chat.Event{{Type: chat.EventText, Content: "x"}, {Type: chat.EventResponseDone}}); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if err := s.SetProviderRef(ctx, ses.ID, "cli-session-1"); err != nil {
		t.Fatal(err)
	}
	ses.Written = []string{"prompts/app_spec.txt"}
	ses.SpecStatus = chat.SpecError
	if err := s.UpdateSpecState(ctx, ses); err != nil {
		t.Fatal(err)
	}
	s.Close()

	s2, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	evs, err := s2.Events(ctx, ses.ID, 0)
	if err != nil || len(evs) != 40 {
		t.Fatalf("events = %d, %v", len(evs), err)
	}
	for i, e := range evs {
		if e.Seq != int64(i+1) {
			t.Fatalf("event %d has seq %d", i, e.Seq)
		}
	}
	tail, _ := s2.Events(ctx, ses.ID, 38)
	if len(tail) != 2 || tail[0].Seq != 39 {
		t.Fatalf("tail = %+v", tail)
	}
	if n, _ := s2.CountMessages(ctx, ses.ID); n != 20 {
		t.Fatalf("count = %d, want 20 text events", n)
	}
	got, _ := s2.ActiveSession(ctx, "p")
	if !got.HasWritten("prompts/app_spec.txt") || got.SpecStatus != chat.SpecError || got.ProviderRef != "cli-session-1" {
		t.Fatalf("spec state not kept: %+v", got)
	}
}

// ListProjects brings each project's latest session along, so that the
// project list is one query, not one per project.
func TestListProjectsCarriesTheLatestSession(t *testing.T) {
	s, _ := openTemp(t)
	ctx := context.Background()
	s.EnsureProject(ctx, "empty")
	s.EnsureProject(ctx, "busy")
	s.StartSession(ctx, chat.Session{Project: "busy", Model: "first"})
	second, err := s.StartSession(ctx, chat.Session{Project: "busy", Model: "second"})
	if err != nil {
		t.Fatal(err)
	}
	ps, err := s.ListProjects(ctx)
	if err != nil || len(ps) != 2 {
		t.Fatalf("ListProjects = %v, %v", ps, err)
	}
	if ps[0].Name != "empty" || ps[0].Latest != nil {
		t.Errorf("empty project: %+v", ps[0])
	}
	got := ps[1].Latest
	if ps[1].Name != "busy" || got == nil || got.ID != second.ID || got.Model != "second" || got.Status != chat.SessionActive || got.Written == nil && second.Written != nil {
		t.Errorf("busy project's latest = %+v, want %+v", got, second)
	}
}

// The hot statements are prepared once: the same statements serve every
// later write and read, and on the writer's connection the driver's own
// statement is reused, not prepared again per transaction.
func TestStatementsPreparedOnce(t *testing.T) {
	s, _ := openTemp(t)
	ctx := context.Background()
	ses := fill(t, s)
	if _, err := s.Messages(ctx, ses.ID); err != nil {
		t.Fatal(err)
	}
	snapshot := func() map[string]*sql.Stmt {
		s.stmts.mu.Lock()
		defer s.stmts.mu.Unlock()
		return maps.Clone(s.stmts.m)
	}
	before := snapshot()
	if len(before) == 0 {
		t.Fatal("nothing cached")
	}
	for range 20 {
		if _, err := s.Append(ctx, ses.ID, []chat.Message{{Role: chat.RoleUser, Content: []chat.Block{chat.TextBlock("more")}}},
			[]chat.Event{{Type: chat.EventUser, Content: "more"}}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Messages(ctx, ses.ID); err != nil {
			t.Fatal(err)
		}
	}
	if after := snapshot(); !maps.Equal(before, after) {
		t.Errorf("statements prepared again: %d before, %d after", len(before), len(after))
	}
}

// BenchmarkAppend is one turn's reply stored: a message and its event.
func BenchmarkAppend(b *testing.B) {
	s, _ := openTemp(b)
	ctx := context.Background()
	if _, err := s.EnsureProject(ctx, "bench"); err != nil {
		b.Fatal(err)
	}
	ses, err := s.StartSession(ctx, chat.Session{Project: "bench", Provider: "fake", Model: "m"})
	if err != nil {
		b.Fatal(err)
	}
	msg := []chat.Message{{Role: chat.RoleAssistant, Content: []chat.Block{chat.TextBlock("Tell me more.")}}}
	ev := []chat.Event{{Type: chat.EventText, Content: "Tell me more."}}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.Append(ctx, ses.ID, msg, ev); err != nil {
			b.Fatal(err)
		}
	}
}

// Reads through kept statements see every write committed before them:
// a statement left unreset would hold its connection's read snapshot.
func TestKeptStatementsReadFreshData(t *testing.T) {
	s, _ := openTemp(t)
	ctx := context.Background()
	if _, err := s.EnsureProject(ctx, "p"); err != nil {
		t.Fatal(err)
	}
	var last int64
	for i := range 5 {
		ses, err := s.StartSession(ctx, chat.Session{Project: "p"})
		if err != nil {
			t.Fatal(err)
		}
		for range 3 { // every pooled connection in turn
			got, err := s.ActiveSession(ctx, "p")
			if err != nil || got.ID != ses.ID {
				t.Fatalf("round %d: active session %d, %v; want %d", i, got.ID, err, ses.ID)
			}
			all, err := s.Sessions(ctx, "p")
			if err != nil || len(all) != i+1 {
				t.Fatalf("round %d: %d sessions, %v", i, len(all), err)
			}
		}
		if ses.ID <= last {
			t.Fatalf("ids not rising: %d after %d", ses.ID, last)
		}
		last = ses.ID
	}
}

// A new interview is one commit: the project, the session and its first
// messages.
func TestStartSessionWithItsFirstMessages(t *testing.T) {
	s, _ := openTemp(t)
	ctx := context.Background()
	kickoff := chat.Message{Role: chat.RoleUser, Hidden: true, Content: []chat.Block{chat.TextBlock("Begin.")}}
	ses, err := s.StartSession(ctx, chat.Session{Project: "fresh", Provider: "guided"}, kickoff)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.GetProject(ctx, "fresh"); err != nil {
		t.Fatalf("project not created: %v", err)
	}
	msgs, err := s.Messages(ctx, ses.ID)
	if err != nil || len(msgs) != 1 || !msgs[0].Hidden || msgs[0].Content[0].Text != "Begin." {
		t.Fatalf("messages = %+v, %v", msgs, err)
	}
	// A second interview archives the first and starts empty.
	next, err := s.StartSession(ctx, chat.Session{Project: "fresh", Provider: "guided"})
	if err != nil {
		t.Fatal(err)
	}
	if msgs, _ := s.Messages(ctx, next.ID); len(msgs) != 0 {
		t.Fatalf("new session holds %d messages", len(msgs))
	}
	if active, _ := s.ActiveSession(ctx, "fresh"); active.ID != next.ID {
		t.Fatalf("active session %d, want %d", active.ID, next.ID)
	}
}
