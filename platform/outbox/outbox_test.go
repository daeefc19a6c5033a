package outbox_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"folkhalsa-events/config"
	"folkhalsa-events/platform/datastore"
	"folkhalsa-events/platform/datastore/storetest"
	"folkhalsa-events/platform/outbox"
	"folkhalsa-events/platform/outbox/smtptest"
)

const confirmationSubject = "Bekräftelse: Folkhälsokonferensen – Áile Ŋuvttet"

// An ICS file with CRLF line ends and non-ASCII text: every byte must survive.
var icsFile = []byte("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//folkhalsa-events//SV\r\nMETHOD:REQUEST\r\n" +
	"BEGIN:VEVENT\r\nUID:e1@folkhalsa\r\nDTSTART:20260415T080000Z\r\n" +
	"SUMMARY:Folkhälsokonferensen – Áile Ŋuvttet\r\nLOCATION:Östersund\\, Storsjöteatern\r\n" +
	"END:VEVENT\r\nEND:VCALENDAR\r\n")

func confirmation(to string) outbox.Message {
	return outbox.Message{
		To:      to,
		Subject: confirmationSubject,
		Text:    "Hej Áile!\n\nDu är anmäld till Folkhälsokonferensen i Östersund.\nŊ ŋ Č č Đ đ Š š Ŧ ŧ Ž ž Á á\n",
		HTML:    "<p>Hej Áile!</p><p>Du är anmäld till <b>Folkhälsokonferensen</b> i Östersund.</p>",
		Attachments: []outbox.Attachment{{
			Filename: "folkhalsokonferensen.ics", ContentType: "text/calendar; charset=utf-8; method=REQUEST", Data: icsFile,
		}},
		Lang: "sv", Kind: "confirmation", Ref: "reg-1",
	}
}

func TestEnqueueReturnsAtOnceAndDeliverDueSendsTheMessage(t *testing.T) {
	db := storetest.DB(t)
	srv := smtptest.Start(t)
	ob, logs := newOutbox(t, db, srv.Config())
	msg := confirmation("aile.nilsson@example.se")

	start := time.Now()
	id := enqueue(t, ob, msg)
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("Enqueue took %s; it must not wait for SMTP", took)
	}
	time.Sleep(100 * time.Millisecond)
	if got := srv.Messages(); len(got) != 0 {
		t.Fatalf("%d message(s) sent before any delivery pass", len(got))
	}
	if s := stored(t, ob, id); s.Status != outbox.StatusPending || s.Attempts != 0 {
		t.Fatalf("after Enqueue: status %s attempts %d, want pending 0", s.Status, s.Attempts)
	}

	if n := deliver(t, ob); n != 1 {
		t.Fatalf("DeliverDue sent %d, want 1", n)
	}
	received := srv.Messages()
	if len(received) != 1 {
		t.Fatalf("server received %d messages, want 1", len(received))
	}
	r := received[0]
	if len(r.To) != 1 || r.To[0] != "aile.nilsson@example.se" || r.From != "no-reply@example.se" {
		t.Errorf("envelope from %q to %q", r.From, r.To)
	}
	p := r.Parse(t)
	if p.Subject != confirmationSubject {
		t.Errorf("subject %q, want %q", p.Subject, confirmationSubject)
	}
	if !strings.Contains(p.To, "aile.nilsson@example.se") || !strings.Contains(p.From, "Folkhälsoevenemang") {
		t.Errorf("headers From %q To %q", p.From, p.To)
	}
	if p.Text != msg.Text {
		t.Errorf("text body %q, want %q", p.Text, msg.Text)
	}
	if p.HTML != msg.HTML {
		t.Errorf("html body %q, want %q", p.HTML, msg.HTML)
	}
	if len(p.Attachments) != 1 {
		t.Fatalf("%d attachments, want 1", len(p.Attachments))
	}
	a := p.Attachments[0]
	if a.Filename != "folkhalsokonferensen.ics" || a.ContentType != "text/calendar" || a.Params["method"] != "REQUEST" {
		t.Errorf("attachment %q %q %v", a.Filename, a.ContentType, a.Params)
	}
	if !bytes.Equal(a.Data, icsFile) {
		t.Errorf("ics bytes changed in transit:\n%q\nwant\n%q", a.Data, icsFile)
	}
	if !strings.Contains(p.MessageID, id) {
		t.Errorf("Message-ID %q does not name the outbox id %s", p.MessageID, id)
	}

	s := stored(t, ob, id)
	if s.Status != outbox.StatusSent || s.Attempts != 1 || s.SentAt.IsZero() {
		t.Errorf("after delivery: status %s attempts %d sent_at %v", s.Status, s.Attempts, s.SentAt)
	}
	if n := deliver(t, ob); n != 0 || len(srv.Messages()) != 1 {
		t.Errorf("a second pass sent %d more", n)
	}
	for _, secretish := range []string{"Östersund", "Folkhälsokonferensen</b>", "aile.nilsson"} {
		if strings.Contains(logs.String(), secretish) {
			t.Errorf("log contains %q (bodies and addresses stay out of the log):\n%s", secretish, logs)
		}
	}
}

func TestFailedAttemptsAreRetriedWithBackoff(t *testing.T) {
	db := storetest.DB(t)
	srv := smtptest.Start(t)
	srv.RejectNext(2, 451)
	ob, _ := newOutbox(t, db, srv.Config())
	clock := newClock()
	ob.SetClock(clock.Now)
	t0 := clock.Now()
	id := enqueue(t, ob, simpleMessage("bo@example.se", "Påminnelse"))

	if n := deliver(t, ob); n != 0 || srv.Rejected() != 1 {
		t.Fatalf("attempt 1: sent %d, rejected %d; want 0 and 1", n, srv.Rejected())
	}
	s := stored(t, ob, id)
	if s.Status != outbox.StatusPending || s.Attempts != 1 || !strings.Contains(s.LastError, "451") {
		t.Fatalf("after attempt 1: %s attempts %d error %q", s.Status, s.Attempts, s.LastError)
	}
	if wait := s.NextAttemptAt.Sub(t0); wait < 30*time.Second || wait > 33*time.Second {
		t.Errorf("first backoff %s, want 30s plus at most 10%% jitter", wait)
	}

	deliver(t, ob)
	clock.Advance(29 * time.Second)
	deliver(t, ob)
	if srv.Rejected() != 1 {
		t.Fatalf("retried before the backoff ended: %d rejections", srv.Rejected())
	}

	clock.Advance(5 * time.Second) // t0+34s
	if n := deliver(t, ob); n != 0 || srv.Rejected() != 2 {
		t.Fatalf("attempt 2: sent %d, rejected %d", n, srv.Rejected())
	}
	s = stored(t, ob, id)
	if wait := s.NextAttemptAt.Sub(clock.Now()); s.Attempts != 2 || wait < 60*time.Second || wait > 66*time.Second {
		t.Errorf("after attempt 2: attempts %d, backoff %s (want 2, 60s..66s)", s.Attempts, wait)
	}

	clock.Advance(67 * time.Second)
	if n := deliver(t, ob); n != 1 {
		t.Fatalf("attempt 3 sent %d, want 1", n)
	}
	if got := srv.Messages(); len(got) != 1 || got[0].Parse(t).Subject != "Påminnelse" {
		t.Fatalf("server has %d messages", len(got))
	}
	s = stored(t, ob, id)
	if s.Status != outbox.StatusSent || s.Attempts != 3 {
		t.Errorf("final: status %s attempts %d, want sent 3", s.Status, s.Attempts)
	}
}

func TestMessageFailsAfterMaxAttemptsAndIsNotRetried(t *testing.T) {
	db := storetest.DB(t)
	srv := smtptest.Start(t)
	srv.RejectNext(1000, 554)
	ob, _ := newOutbox(t, db, srv.Config())
	clock := newClock()
	ob.SetClock(clock.Now)
	id := enqueue(t, ob, simpleMessage("bo@example.se", "Kommer aldrig fram"))

	for range outbox.MaxAttempts + 3 {
		deliver(t, ob)
		clock.Advance(2 * time.Hour) // longer than any backoff
	}
	if srv.Rejected() != outbox.MaxAttempts {
		t.Errorf("server saw %d attempts, want %d", srv.Rejected(), outbox.MaxAttempts)
	}
	s := stored(t, ob, id)
	if s.Status != outbox.StatusFailed || s.Attempts != outbox.MaxAttempts || !strings.Contains(s.LastError, "554") {
		t.Errorf("status %s attempts %d error %q; want failed %d 554", s.Status, s.Attempts, s.LastError, outbox.MaxAttempts)
	}
}

// Three workers with their own store connections deliver the same 30 messages
// concurrently: every message reaches the server exactly once.
func TestSeveralWorkersNeverSendAMessageTwice(t *testing.T) {
	db := storetest.DB(t)
	ctx := storetest.Ctx(t)
	srv := smtptest.Start(t)
	first, _ := newOutbox(t, db, srv.Config())
	const total = 30
	ids := map[string]bool{}
	for i := range total {
		ids[enqueue(t, first, simpleMessage(fmt.Sprintf("deltagare%02d@example.se", i), fmt.Sprintf("Meddelande %02d", i)))] = true
	}

	workers := make([]*outbox.Outbox, 3)
	for i := range workers {
		client, err := datastore.Connect(ctx, storetest.URI())
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = client.Disconnect(context.Background()) })
		workers[i], _ = newOutbox(t, client.Database(db.Name()), srv.Config())
	}

	var sentByWorkers atomic.Int64
	var wg sync.WaitGroup
	deadline := time.Now().Add(45 * time.Second)
	for _, w := range workers {
		wg.Go(func() {
			for len(srv.Messages()) < total && time.Now().Before(deadline) {
				n, err := w.DeliverDue(ctx)
				if err != nil {
					t.Errorf("DeliverDue: %v", err)
					return
				}
				sentByWorkers.Add(int64(n))
			}
			// A few more passes after the last message arrived: nothing may follow.
			for range 3 {
				n, _ := w.DeliverDue(ctx)
				sentByWorkers.Add(int64(n))
			}
		})
	}
	wg.Wait()

	received := srv.Messages()
	if len(received) != total || sentByWorkers.Load() != total {
		t.Fatalf("server received %d, workers reported %d; want %d each", len(received), sentByWorkers.Load(), total)
	}
	seen := map[string]int{}
	for _, r := range received {
		seen[r.Parse(t).MessageID]++
	}
	for msgID, n := range seen {
		if n != 1 {
			t.Errorf("%s received %d times", msgID, n)
		}
	}
	if len(seen) != total {
		t.Errorf("%d distinct messages, want %d", len(seen), total)
	}
	all, err := first.Messages(ctx, outbox.MessageFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range all {
		if !ids[s.ID] || s.Status != outbox.StatusSent || s.Attempts != 1 {
			t.Errorf("message %s: status %s attempts %d", s.ID, s.Status, s.Attempts)
		}
	}
}

func TestInvalidAddressIsRefusedAndNothingStored(t *testing.T) {
	db := storetest.DB(t)
	ob, _ := newOutbox(t, db, smtptest.Start(t).Config())
	ctx := storetest.Ctx(t)
	for _, to := range []string{"", "anna", "anna@", "@example.se", "anna@example.se, bo@example.se", "anna @example.se", "anna@example.se\r\nBcc: x@example.se"} {
		id, err := ob.Enqueue(ctx, simpleMessage(to, "Hej"))
		if !errors.Is(err, outbox.ErrInvalidAddress) || id != "" {
			t.Errorf("Enqueue(to %q) = %q, %v; want ErrInvalidAddress", to, id, err)
		}
	}
	bad := simpleMessage("anna@example.se", "Rad ett\r\nBcc: x@example.se")
	if _, err := ob.Enqueue(ctx, bad); !errors.Is(err, outbox.ErrInvalidMessage) {
		t.Errorf("subject with a line break: %v, want ErrInvalidMessage", err)
	}
	n, err := db.Collection(outbox.MessagesCollection).CountDocuments(ctx, bson.D{})
	if err != nil || n != 0 {
		t.Errorf("%d documents stored (%v), want none", n, err)
	}
}

func TestRunDeliversAndStopsWhenContextIsCancelled(t *testing.T) {
	db := storetest.DB(t)
	srv := smtptest.Start(t)
	ob, _ := newOutbox(t, db, srv.Config())
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan struct{})
	go func() {
		defer close(done)
		ob.Run(ctx, time.Hour) // a long poll: Enqueue's wake-up must be what delivers
	}()

	enqueue(t, ob, simpleMessage("cecilia@example.se", "Via Run"))
	srv.WaitFor(t, 1, 15*time.Second)

	cancel()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not return after its context was cancelled")
	}
}

func TestWithoutSMTPHostNothingIsSentAndMessagesStayPending(t *testing.T) {
	db := storetest.DB(t)
	ob, logs := newOutbox(t, db, config.SMTP{Port: 587, Security: "starttls", From: smtptest.DefaultFrom})
	id := enqueue(t, ob, simpleMessage("david@example.se", "Köas"))

	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		ob.Run(ctx, 10*time.Millisecond)
	}()
	if n := deliver(t, ob); n != 0 {
		t.Errorf("DeliverDue sent %d without a host", n)
	}
	time.Sleep(100 * time.Millisecond)
	cancel()
	<-done

	if s := stored(t, ob, id); s.Status != outbox.StatusPending || s.Attempts != 0 {
		t.Errorf("status %s attempts %d, want pending 0", s.Status, s.Attempts)
	}
	if n := strings.Count(logs.String(), "SMTP_HOST unset"); n != 1 || !strings.Contains(logs.String(), "level=WARN") {
		t.Errorf("want one warning about SMTP_HOST, log:\n%s", logs)
	}
}
