package sqlite

import (
	"context"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/specwright/specwright/internal/chat"
)

// fill stores enough events to spread the database over many pages.
func fill(t *testing.T, s *Store) chat.Session {
	t.Helper()
	ctx := context.Background()
	if _, err := s.EnsureProject(ctx, "p"); err != nil {
		t.Fatal(err)
	}
	ses, err := s.StartSession(ctx, chat.Session{Project: "p"})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 60 {
		text := strings.Repeat(string(rune('a'+i%26)), 4000)
		if _, err := s.Append(ctx, ses.ID, []chat.Message{{Role: chat.RoleUser, Content: []chat.Block{chat.TextBlock(text)}}},
			[]chat.Event{{Type: chat.EventText, Content: text}}); err != nil {
			t.Fatal(err)
		}
	}
	return ses
}

// A damaged database is refused at start with what is wrong and the way
// out, rather than read later as missing data.
func TestOpenRefusesADamagedDatabase(t *testing.T) {
	for name, damage := range map[string]func(f *os.File){
		"pages overwritten": func(f *os.File) {
			junk := []byte(strings.Repeat("\xde\xad\xbe\xef", 1024))
			for p := 2; p < 22; p++ {
				f.WriteAt(junk, int64(p*4096))
			}
		},
		"header overwritten": func(f *os.File) { f.WriteAt([]byte("this is not sqlite at all"), 0) },
	} {
		t.Run(name, func(t *testing.T) {
			s, path := openTemp(t)
			fill(t, s)
			s.Close()
			f, err := os.OpenFile(path, os.O_RDWR, 0)
			if err != nil {
				t.Fatal(err)
			}
			if fi, _ := f.Stat(); fi.Size() < 30*4096 {
				t.Fatalf("the database has only %d bytes", fi.Size())
			}
			damage(f)
			f.Close()
			_, err = Open(context.Background(), path)
			if err == nil {
				t.Fatal("a damaged database was opened")
			}
			for _, want := range []string{"is damaged", path, ".recover", "restore a backup"} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("the error lacks %q: %v", want, err)
				}
			}
		})
	}
}

// A full disk is said as such, with the reassurance that nothing stored
// was lost, and it is a storage error, not an internal one.
func TestDiskFullIsNamed(t *testing.T) {
	s, _ := openTemp(t)
	ses := fill(t, s)
	ctx := context.Background()
	// The writer's connection, capped at the pages the file has: SQLite
	// answers SQLITE_FULL as it does for a full disk.
	var pages int
	if err := s.DB().QueryRowContext(ctx, "PRAGMA page_count").Scan(&pages); err != nil {
		t.Fatal(err)
	}
	if err := s.ExecOnWriter(ctx, "PRAGMA max_page_count = "+strconv.Itoa(pages)); err != nil {
		t.Fatal(err)
	}
	big := strings.Repeat("z", 64<<10)
	_, err := s.Append(ctx, ses.ID, []chat.Message{{Role: chat.RoleUser, Content: []chat.Block{chat.TextBlock(big)}}}, nil)
	if chat.ErrorCode(err) != chat.CodeStorage || !strings.Contains(chat.ErrorMessage(err), "the disk is full") ||
		!strings.Contains(chat.ErrorMessage(err), "Nothing already stored was lost") {
		t.Fatalf("err = %v (code %s, message %q)", err, chat.ErrorCode(err), chat.ErrorMessage(err))
	}
	msgs, err := s.Messages(ctx, ses.ID)
	if err != nil || len(msgs) != 60 {
		t.Fatalf("after the failed write: %d messages, %v", len(msgs), err)
	}
}
