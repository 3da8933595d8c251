package main

import (
	"context"
	"time"

	"github.com/specwright/specwright/internal/chat"
)

// timedStore observes the latency of each store call.
type timedStore struct {
	chat.Store
	m *metrics
}

func (m *metrics) timeStore(s chat.Store) chat.Store { return &timedStore{Store: s, m: m} }

func timed[T any](s *timedStore, op string, f func() (T, error)) (T, error) {
	t := time.Now()
	v, err := f()
	s.m.store.WithLabelValues(op).Observe(time.Since(t).Seconds())
	return v, err
}

func (s *timedStore) done(op string, t time.Time) {
	s.m.store.WithLabelValues(op).Observe(time.Since(t).Seconds())
}

func (s *timedStore) EnsureProject(ctx context.Context, name string) (chat.Project, error) {
	return timed(s, "ensure_project", func() (chat.Project, error) { return s.Store.EnsureProject(ctx, name) })
}
func (s *timedStore) GetProject(ctx context.Context, name string) (chat.Project, error) {
	return timed(s, "get_project", func() (chat.Project, error) { return s.Store.GetProject(ctx, name) })
}
func (s *timedStore) ListProjects(ctx context.Context) ([]chat.Project, error) {
	return timed(s, "list_projects", func() ([]chat.Project, error) { return s.Store.ListProjects(ctx) })
}
func (s *timedStore) ActiveSession(ctx context.Context, project string) (chat.Session, error) {
	return timed(s, "active_session", func() (chat.Session, error) { return s.Store.ActiveSession(ctx, project) })
}
func (s *timedStore) StartSession(ctx context.Context, ses chat.Session, first ...chat.Message) (chat.Session, error) {
	return timed(s, "start_session", func() (chat.Session, error) { return s.Store.StartSession(ctx, ses, first...) })
}
func (s *timedStore) EndSession(ctx context.Context, id int64, status chat.SessionStatus) error {
	defer s.done("end_session", time.Now())
	return s.Store.EndSession(ctx, id, status)
}
func (s *timedStore) UpdateSpecState(ctx context.Context, ses chat.Session) error {
	defer s.done("update_spec_state", time.Now())
	return s.Store.UpdateSpecState(ctx, ses)
}
func (s *timedStore) SetProviderRef(ctx context.Context, id int64, ref string) error {
	defer s.done("set_provider_ref", time.Now())
	return s.Store.SetProviderRef(ctx, id, ref)
}
func (s *timedStore) ActiveProjects(ctx context.Context) ([]string, error) {
	return timed(s, "active_projects", func() ([]string, error) { return s.Store.ActiveProjects(ctx) })
}
func (s *timedStore) LatestSession(ctx context.Context, project string) (chat.Session, error) {
	return timed(s, "latest_session", func() (chat.Session, error) { return s.Store.LatestSession(ctx, project) })
}
func (s *timedStore) Append(ctx context.Context, id int64, msgs []chat.Message, evs []chat.Event) ([]chat.Event, error) {
	return timed(s, "append", func() ([]chat.Event, error) { return s.Store.Append(ctx, id, msgs, evs) })
}
func (s *timedStore) Messages(ctx context.Context, id int64) ([]chat.Message, error) {
	return timed(s, "messages", func() ([]chat.Message, error) { return s.Store.Messages(ctx, id) })
}
func (s *timedStore) Events(ctx context.Context, id, afterSeq int64) ([]chat.Event, error) {
	return timed(s, "events", func() ([]chat.Event, error) { return s.Store.Events(ctx, id, afterSeq) })
}
func (s *timedStore) CountMessages(ctx context.Context, id int64) (int, error) {
	return timed(s, "count_messages", func() (int, error) { return s.Store.CountMessages(ctx, id) })
}
