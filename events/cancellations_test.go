package events_test

import (
	"errors"
	"fmt"
	"sync"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"

	"folkhalsa-events/events"
	"folkhalsa-events/platform/datastore/storetest"
)

// An organiser cancels while a colleague saves an edit of the same event (or
// publishes it again): whatever order the store sees them in, an acknowledged
// cancellation stays, in single reads and in lists, and the event document itself
// says so once it has been read.
func TestCancellationSurvivesConcurrentEdits(t *testing.T) {
	db := storetest.DB(t)
	s := events.NewStore(db)
	ctx := storetest.Ctx(t)
	if err := s.EnsureIndexes(ctx); err != nil {
		t.Fatal(err)
	}
	org := newOrg(t, s)
	const n = 12
	var ids []string
	for i := range n {
		in := conferenceInput()
		in.TitleSV = fmt.Sprintf("Nätverksträff %02d", i)
		ev, err := s.CreateEvent(ctx, org.ID, in)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.SetStatus(ctx, ev.ID, events.StatusPublished); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, ev.ID)
	}
	var wg sync.WaitGroup
	for i, id := range ids {
		start := make(chan struct{})
		wg.Go(func() {
			<-start
			if _, err := s.SetStatus(ctx, id, events.StatusCancelled); err != nil {
				t.Errorf("cancel %s: %v", id, err)
			}
		})
		for range 3 {
			wg.Go(func() {
				<-start
				in := conferenceInput()
				in.TitleSV = fmt.Sprintf("Nätverksträff %02d (ny lokal)", i)
				if _, err := s.UpdateEvent(ctx, id, in); err != nil && !errors.Is(err, events.ErrCancelled) {
					t.Errorf("edit %s: %v", id, err)
				}
				if _, err := s.SetStatus(ctx, id, events.StatusPublished); err != nil && !errors.Is(err, events.ErrCancelled) {
					t.Errorf("publish %s: %v", id, err)
				}
			})
		}
		close(start)
	}
	wg.Wait()

	for _, id := range ids {
		ev, err := s.Event(ctx, id)
		if err != nil || ev.Status != events.StatusCancelled {
			t.Errorf("%s reads %s after an acknowledged cancellation (%v)", id, ev.Status, err)
		}
		if _, err := s.UpdateEvent(ctx, id, conferenceInput()); !errors.Is(err, events.ErrCancelled) {
			t.Errorf("%s: an edit after the cancellation gives %v, want ErrCancelled", id, err)
		}
	}
	page, err := s.ListEvents(ctx, events.EventFilter{Public: true, Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	for _, ev := range page.Events {
		if ev.Status != events.StatusCancelled {
			t.Errorf("the public list shows %s as %s", ev.ID, ev.Status)
		}
	}
	// Reading healed the documents.
	n2, err := db.Collection("events").CountDocuments(ctx, bson.D{{Key: "status", Value: events.StatusCancelled}})
	if err != nil || n2 != n {
		t.Errorf("%d event documents say cancelled, want %d (%v)", n2, n, err)
	}
	if c, _ := db.Collection(events.CancellationsCollection).CountDocuments(ctx, bson.D{}); c != n {
		t.Errorf("%d cancellation documents, want %d", c, n)
	}
}

// An edit that empties a field (the online link, the contact person) removes it:
// edits write only their fields, but all of them.
func TestEditThatEmptiesAFieldRemovesIt(t *testing.T) {
	s := newStore(t)
	ctx := storetest.Ctx(t)
	org := newOrg(t, s)
	in := conferenceInput()
	in.ContactName, in.ContactEmail = "Anna Berg", "anna@x.se"
	ev, err := s.CreateEvent(ctx, org.ID, in)
	if err != nil {
		t.Fatal(err)
	}
	in.OnlineURL, in.ContactName, in.ContactEmail, in.Mode = "", "", "", "on_site"
	if _, err := s.UpdateEvent(ctx, ev.ID, in); err != nil {
		t.Fatal(err)
	}
	got, err := s.Event(ctx, ev.ID)
	if err != nil || got.OnlineURL != "" || !got.Contact.IsZero() {
		t.Errorf("after emptying: online %q, contact %+v (%v)", got.OnlineURL, got.Contact, err)
	}
}
