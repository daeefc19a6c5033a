package outbox_test

import (
	"context"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"folkhalsa-events/platform/datastore"
	"folkhalsa-events/platform/datastore/storetest"
	"folkhalsa-events/platform/outbox"
	"folkhalsa-events/platform/outbox/smtptest"
)

// A guarded message waits for its document, goes out once it exists, and is queued
// once however often it is enqueued with its id.
func TestGuardedMessageWaitsForItsDocument(t *testing.T) {
	db := storetest.DB(t)
	srv := smtptest.Start(t)
	ob, _ := newOutbox(t, db, srv.Config())
	clock := newClock()
	ob.SetClock(clock.Now)
	ctx := storetest.Ctx(t)
	m := simpleMessage("bo@example.se", "Bekräftelse")
	m.ID, m.Guard = "reg-1|registered", &outbox.Guard{Collection: "registrations", ID: "reg-1"}
	for range 3 {
		if id := enqueue(t, ob, m); id != "reg-1|registered" {
			t.Fatalf("id %q", id)
		}
	}
	if all, _ := ob.Messages(ctx, outbox.MessageFilter{}); len(all) != 1 {
		t.Fatalf("%d messages queued, want 1", len(all))
	}
	if n := deliver(t, ob); n != 0 || len(srv.Messages()) != 0 {
		t.Fatal("sent before its registration exists")
	}
	if s := stored(t, ob, m.ID); s.Status != outbox.StatusPending || s.Attempts != 0 {
		t.Fatalf("waiting: %s, %d attempts", s.Status, s.Attempts)
	}
	if _, err := db.Collection("registrations").InsertOne(ctx, bson.D{{Key: "_id", Value: "reg-1"}}); err != nil {
		t.Fatal(err)
	}
	clock.Advance(3 * time.Second)
	if n := deliver(t, ob); n != 1 {
		t.Fatalf("sent %d once the registration exists, want 1", n)
	}
}

// A document that never appears: after the grace period the message is dropped and a
// tombstone keeps the document from appearing later (so nothing is sent about it).
func TestGuardedMessageIsDroppedWhenItsDocumentNeverComes(t *testing.T) {
	db := storetest.DB(t)
	srv := smtptest.Start(t)
	ob, _ := newOutbox(t, db, srv.Config())
	clock := newClock()
	ob.SetClock(clock.Now)
	ctx := storetest.Ctx(t)
	m := simpleMessage("bo@example.se", "Bekräftelse")
	m.ID, m.Guard = "reg-2|registered", &outbox.Guard{Collection: "registrations", ID: "reg-2"}
	enqueue(t, ob, m)
	clock.Advance(outbox.DefaultGuardGrace + time.Second)
	if n := deliver(t, ob); n != 0 || len(srv.Messages()) != 0 {
		t.Fatal("sent although its registration never came")
	}
	if s := stored(t, ob, m.ID); s.Status != outbox.StatusDropped {
		t.Fatalf("status %s, want dropped", s.Status)
	}
	_, err := db.Collection("registrations").InsertOne(ctx, bson.D{{Key: "_id", Value: "reg-2"}})
	if !datastore.IsDuplicate(err) {
		t.Fatalf("a late insert of the registration: %v, want a duplicate (the tombstone)", err)
	}
	// Withdraw of a message that is no longer pending changes nothing; of a pending one, removes it.
	if err := ob.Withdraw(ctx, m.ID); err != nil {
		t.Fatal(err)
	}
	if s := stored(t, ob, m.ID); s.Status != outbox.StatusDropped {
		t.Fatalf("after withdrawing a dropped message: %s", s.Status)
	}
	other := simpleMessage("eva@example.se", "Väntelista")
	other.ID = "reg-3|registered"
	enqueue(t, ob, other)
	if err := ob.Withdraw(ctx, other.ID); err != nil {
		t.Fatal(err)
	}
	if all, _ := ob.Messages(ctx, outbox.MessageFilter{To: "eva@example.se"}); len(all) != 0 {
		t.Fatal("a withdrawn message is still queued")
	}
}

// Files named in Attach are made when the message is sent; a store outage puts the
// attempt off without counting it.
func TestAttachmentsAreMadeWhenSent(t *testing.T) {
	db := storetest.DB(t)
	srv := smtptest.Start(t)
	ob, _ := newOutbox(t, db, srv.Config())
	clock := newClock()
	ob.SetClock(clock.Now)
	calls, down := 0, true
	ob.SetAttacher("calendar", func(_ context.Context, ref, lang string) (outbox.Attachment, error) {
		calls++
		if down {
			return outbox.Attachment{}, datastore.ErrUnavailable
		}
		return outbox.Attachment{Filename: "evenemang.ics", ContentType: "text/calendar", Data: []byte("BEGIN:VCALENDAR " + ref + " " + lang)}, nil
	})
	m := simpleMessage("bo@example.se", "Bekräftelse")
	m.Attach, m.Ref = []string{"calendar"}, "reg-9"
	id := enqueue(t, ob, m)
	if calls != 0 {
		t.Fatal("the file was made when queueing")
	}
	if _, err := ob.DeliverDue(storetest.Ctx(t)); err == nil {
		t.Fatal("a pass whose attachment cannot be made because the store is away must say so")
	}
	if s := stored(t, ob, id); s.Status != outbox.StatusPending || s.Attempts != 0 {
		t.Fatalf("after the outage: %s, %d attempts (an outage must not use up attempts)", s.Status, s.Attempts)
	}
	down = false
	if n := deliver(t, ob); n != 1 {
		t.Fatalf("sent %d", n)
	}
	p := srv.Messages()[0].Parse(t)
	if len(p.Attachments) != 1 || string(p.Attachments[0].Data) != "BEGIN:VCALENDAR reg-9 sv" {
		t.Fatalf("attachments: %+v", p.Attachments)
	}
}
