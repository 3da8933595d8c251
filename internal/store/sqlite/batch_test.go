package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/specwright/specwright/internal/chat"
)

// Writes committed together stay apart: one that fails is undone alone,
// the others are all stored, each numbered as if it had been alone.
func TestBatchedWritesFailAlone(t *testing.T) {
	s, _ := openTemp(t)
	ctx := context.Background()
	var ids []int64
	for i := range 8 {
		name := fmt.Sprintf("p%d", i)
		if _, err := s.EnsureProject(ctx, name); err != nil {
			t.Fatal(err)
		}
		ses, err := s.StartSession(ctx, chat.Session{Project: name})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, ses.ID)
	}
	// Hold the writer so that what follows piles up into one batch.
	hold, held := make(chan struct{}), make(chan struct{})
	go s.write(ctx, func(context.Context, *sql.Tx) error { close(held); <-hold; return nil })
	<-held
	var wg sync.WaitGroup
	errs := make([]error, 40)
	for i := range errs {
		wg.Go(func() {
			id := ids[i%len(ids)]
			if i%5 == 4 {
				id = 999999 // no such session: the foreign key fails
			}
			_, errs[i] = s.Append(ctx, id, []chat.Message{{Role: chat.RoleUser, Content: []chat.Block{chat.TextBlock("x")}}},
				[]chat.Event{{Type: chat.EventText, Content: "x"}})
		})
	}
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(time.Millisecond) {
		s.wmu.Lock()
		n := len(s.pending)
		s.wmu.Unlock()
		if n == len(errs) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d writes pending, want %d", n, len(errs))
		}
	}
	close(hold)
	wg.Wait()
	for i, err := range errs {
		if (i%5 == 4) != (err != nil) {
			t.Errorf("write %d: err = %v", i, err)
		}
	}
	for _, id := range ids {
		evs, err := s.Events(ctx, id, 0)
		if err != nil {
			t.Fatal(err)
		}
		for j, ev := range evs {
			if ev.Seq != int64(j+1) {
				t.Fatalf("session %d: event %d has seq %d", id, j, ev.Seq)
			}
		}
		if n, _ := s.CountMessages(ctx, id); n != len(evs) {
			t.Fatalf("session %d: %d messages, %d events", id, n, len(evs))
		}
	}
	var total int
	s.db.QueryRow(`SELECT COUNT(*) FROM events`).Scan(&total)
	if total != 32 {
		t.Fatalf("%d events stored, want 32", total)
	}
}

func TestWriteRefusesACancelledContext(t *testing.T) {
	s, _ := openTemp(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := s.write(ctx, func(context.Context, *sql.Tx) error { return nil }); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v", err)
	}
}
