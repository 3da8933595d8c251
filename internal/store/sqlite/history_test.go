package sqlite

import (
	"context"
	"testing"

	"github.com/specwright/specwright/internal/chat"
)

func TestVersionsAreNumberedPerProjectAndOutliveSessionsAndRestarts(t *testing.T) {
	s, path := openTemp(t)
	ctx := context.Background()
	for _, p := range []string{"a", "b"} {
		if _, err := s.EnsureProject(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	ses, err := s.StartSession(ctx, chat.Session{Project: "a"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Append(ctx, ses.ID, nil, []chat.Event{{Type: chat.EventText}, {Type: chat.EventUser, Content: "hi"}, {Type: chat.EventText}}); err != nil {
		t.Fatal(err)
	}
	if seq, err := s.LastUserSeq(ctx, ses.ID); err != nil || seq != 2 {
		t.Fatalf("last user seq = %d, %v; want 2", seq, err)
	}
	v1, err := s.AddVersion(ctx, chat.Version{Project: "a", SessionID: ses.ID, Seq: 2, Hash: "h1", FeatureCount: 3, Features: 3, Score: 80, AppSpec: "spec 1", Initializer: "init 1"})
	if err != nil || v1.Number != 1 || v1.Created.IsZero() {
		t.Fatalf("v1 = %+v, %v", v1, err)
	}
	if vb, err := s.AddVersion(ctx, chat.Version{Project: "b", Hash: "x", AppSpec: "b", Initializer: "b"}); err != nil || vb.Number != 1 {
		t.Fatalf("b's first version = %+v, %v", vb, err)
	}
	if _, err := s.StartSession(ctx, chat.Session{Project: "a"}); err != nil { // archives ses
		t.Fatal(err)
	}
	if v2, err := s.AddVersion(ctx, chat.Version{Project: "a", RestoredFrom: 1, Hash: "h1", AppSpec: "spec 1", Initializer: "init 1"}); err != nil || v2.Number != 2 {
		t.Fatalf("v2 = %+v, %v", v2, err)
	}
	s.Close()
	s2, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	list, err := s2.Versions(ctx, "a", false)
	if err != nil || len(list) != 2 || list[0].Seq != 2 || list[0].SessionID != ses.ID || list[1].RestoredFrom != 1 || list[0].AppSpec != "" {
		t.Fatalf("versions after restart = %+v, %v", list, err)
	}
	got, err := s2.GetVersion(ctx, "a", 1)
	if err != nil || got.AppSpec != "spec 1" || got.Initializer != "init 1" || got.Score != 80 {
		t.Fatalf("version 1 = %+v, %v", got, err)
	}
	if _, err := s2.GetVersion(ctx, "a", 3); chat.ErrorCode(err) != chat.CodeNotFound {
		t.Errorf("missing version: %v", err)
	}
	if all, _ := s2.Sessions(ctx, "a"); len(all) != 2 || all[0].Status != chat.SessionArchived {
		t.Errorf("sessions = %+v", all)
	}
}

func TestRenameAndDeleteProjectMoveEveryRow(t *testing.T) {
	s, _ := openTemp(t)
	ctx := context.Background()
	for _, p := range []string{"old", "Other"} {
		s.EnsureProject(ctx, p)
	}
	ses, _ := s.StartSession(ctx, chat.Session{Project: "old"})
	s.Append(ctx, ses.ID, []chat.Message{{Role: chat.RoleUser}}, []chat.Event{{Type: chat.EventUser}})
	s.AddVersion(ctx, chat.Version{Project: "old", SessionID: ses.ID, Hash: "h", AppSpec: "s", Initializer: "i"})

	if err := s.RenameProject(ctx, "old", "other"); chat.ErrorCode(err) != chat.CodeConflict {
		t.Errorf("rename onto a case clash: %v", err)
	}
	if err := s.RenameProject(ctx, "nope", "x"); chat.ErrorCode(err) != chat.CodeNotFound {
		t.Errorf("rename of a missing project: %v", err)
	}
	if err := s.RenameProject(ctx, "old", "new"); err != nil {
		t.Fatal(err)
	}
	if err := s.RenameProject(ctx, "new", "New"); err != nil {
		t.Fatalf("a change of case only: %v", err)
	}
	if _, err := s.GetProject(ctx, "old"); chat.ErrorCode(err) != chat.CodeNotFound {
		t.Errorf("old name still there: %v", err)
	}
	if a, err := s.ActiveSession(ctx, "New"); err != nil || a.ID != ses.ID {
		t.Errorf("session did not follow: %+v %v", a, err)
	}
	if vs, _ := s.Versions(ctx, "New", false); len(vs) != 1 {
		t.Errorf("versions did not follow: %+v", vs)
	}

	if err := s.DeleteProject(ctx, "New"); err != nil {
		t.Fatal(err)
	}
	for _, table := range []string{"projects", "sessions", "messages", "events", "versions"} {
		var n int
		s.DB().QueryRow(`SELECT COUNT(*) FROM ` + table).Scan(&n)
		want := 0
		if table == "projects" {
			want = 1 // Other
		}
		if n != want {
			t.Errorf("%s: %d rows left, want %d", table, n, want)
		}
	}
	if err := s.DeleteProject(ctx, "New"); chat.ErrorCode(err) != chat.CodeNotFound {
		t.Errorf("second delete: %v", err)
	}
}
