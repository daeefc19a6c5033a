package outbox_test

import (
	"net"
	"strconv"
	"strings"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"folkhalsa-events/platform/datastore/storetest"
	"folkhalsa-events/platform/outbox"
	"folkhalsa-events/platform/outbox/smtptest"
)

// A worker that claimed attempt 1 and died holds the message for the lease (10
// minutes); after that another worker sends it as attempt 2.
func TestCrashedClaimIsTakenOverOnlyAfterTheLease(t *testing.T) {
	db := storetest.DB(t)
	srv := smtptest.Start(t)
	ob, _ := newOutbox(t, db, srv.Config())
	clock := newClock()
	ob.SetClock(clock.Now)
	id := enqueue(t, ob, simpleMessage("erik@example.se", "Efter krasch"))
	crashedClaim(t, db, id, 1, clock.Now())

	if n := deliver(t, ob); n != 0 {
		t.Fatalf("sent %d while another worker's claim is fresh", n)
	}
	clock.Advance(9 * time.Minute)
	if n := deliver(t, ob); n != 0 {
		t.Fatalf("sent %d before the lease ended", n)
	}
	clock.Advance(2 * time.Minute)
	if n := deliver(t, ob); n != 1 {
		t.Fatalf("sent %d after the lease ended, want 1", n)
	}
	if s := stored(t, ob, id); s.Status != outbox.StatusSent || s.Attempts != 2 {
		t.Errorf("status %s attempts %d, want sent 2", s.Status, s.Attempts)
	}
	if len(srv.Messages()) != 1 {
		t.Errorf("server received %d", len(srv.Messages()))
	}
}

// When the last allowed attempt was claimed by a worker that never reported back,
// the message ends as failed instead of getting a ninth attempt.
func TestCrashDuringTheLastAttemptEndsAsFailed(t *testing.T) {
	db := storetest.DB(t)
	srv := smtptest.Start(t)
	ob, _ := newOutbox(t, db, srv.Config())
	clock := newClock()
	ob.SetClock(clock.Now)
	id := enqueue(t, ob, simpleMessage("frida@example.se", "Sista försöket"))
	ctx := storetest.Ctx(t)
	_, err := db.Collection(outbox.MessagesCollection).UpdateOne(ctx, bson.D{{Key: "_id", Value: id}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "attempts", Value: outbox.MaxAttempts - 1}}}})
	if err != nil {
		t.Fatal(err)
	}
	crashedClaim(t, db, id, outbox.MaxAttempts, clock.Now())

	clock.Advance(11 * time.Minute)
	deliver(t, ob)
	if s := stored(t, ob, id); s.Status != outbox.StatusFailed || s.Attempts != outbox.MaxAttempts {
		t.Errorf("status %s attempts %d, want failed %d", s.Status, s.Attempts, outbox.MaxAttempts)
	}
	if len(srv.Messages()) != 0 {
		t.Errorf("sent after the last attempt")
	}
}

// crashedClaim writes the claim a worker leaves behind when it dies mid-send.
func crashedClaim(t *testing.T, db *mongo.Database, id string, attempt int, at time.Time) {
	t.Helper()
	_, err := db.Collection(outbox.ClaimsCollection).
		InsertOne(storetest.Ctx(t), bson.D{
			{Key: "_id", Value: id + "#" + strconv.Itoa(attempt)}, {Key: "message_id", Value: id},
			{Key: "attempt", Value: attempt}, {Key: "claimed_at", Value: at}, {Key: "worker", Value: "crashed"},
		})
	if err != nil {
		t.Fatal(err)
	}
}

func TestAuthenticatesOverAPlainConnection(t *testing.T) {
	db := storetest.DB(t)
	srv := smtptest.Start(t, smtptest.WithAuth("utskick", "hemligt-lösen-123"))
	ob, logs := newOutbox(t, db, srv.Config())
	enqueue(t, ob, simpleMessage("greta@example.se", "Med inloggning"))
	if n := deliver(t, ob); n != 1 {
		t.Fatalf("sent %d, want 1", n)
	}
	if got := srv.Messages(); len(got) != 1 || got[0].User != "utskick" {
		t.Fatalf("received %+v", got)
	}
	if strings.Contains(logs.String(), "hemligt-lösen-123") {
		t.Error("the password is in the log")
	}
}

// A server that cannot be reached (or refuses the login) does not use up attempts:
// the pass stops with the error, which is also kept on the message for the UI.
func TestUnreachableServerDoesNotUseUpAttempts(t *testing.T) {
	db := storetest.DB(t)
	srv := smtptest.Start(t, smtptest.WithAuth("utskick", "rätt-lösen"))
	cfg := srv.Config()
	cfg.Password = "fel-lösen-456"
	ob, logs := newOutbox(t, db, cfg)
	ctx := storetest.Ctx(t)
	id := enqueue(t, ob, simpleMessage("hugo@example.se", "Når inte fram"))

	for range 3 {
		if n, err := ob.DeliverDue(ctx); err == nil || n != 0 {
			t.Fatalf("DeliverDue = %d, %v; want an error", n, err)
		}
	}
	s := stored(t, ob, id)
	if s.Status != outbox.StatusPending || s.Attempts != 0 || s.LastError == "" {
		t.Errorf("status %s attempts %d error %q; want pending, 0, an error", s.Status, s.Attempts, s.LastError)
	}
	if strings.Contains(s.LastError, "fel-lösen-456") || strings.Contains(logs.String(), "fel-lösen-456") {
		t.Error("the password leaked into last_error or the log")
	}
	if len(srv.Messages()) != 0 {
		t.Error("sent despite the failed login")
	}

	closedPort := srv.Config()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closedPort.Port = ln.Addr().(*net.TCPAddr).Port
	_ = ln.Close()
	down, _ := newOutbox(t, db, closedPort)
	if _, err := down.DeliverDue(ctx); err == nil {
		t.Fatal("DeliverDue against a closed port: no error")
	}
	if s := stored(t, ob, id); s.Attempts != 0 {
		t.Errorf("attempts %d after an outage, want 0", s.Attempts)
	}
}

func TestMessagesFiltersByRecipientRefAndKind(t *testing.T) {
	db := storetest.DB(t)
	ob, _ := newOutbox(t, db, smtptest.Start(t).Config())
	ctx := storetest.Ctx(t)
	a := simpleMessage("Ida Berg <Ida.Berg@Example.se>", "Ett")
	a.Kind, a.Ref = "confirmation", "reg-1"
	b := simpleMessage("ida.berg@example.se", "Två")
	b.Kind, b.Ref = "reminder", "reg-1"
	c := simpleMessage("jonas@example.se", "Tre")
	c.Kind, c.Ref = "confirmation", "reg-2"
	for _, m := range []outbox.Message{a, b, c} {
		enqueue(t, ob, m)
	}
	for _, tc := range []struct {
		filter outbox.MessageFilter
		want   int
	}{
		{outbox.MessageFilter{}, 3},
		{outbox.MessageFilter{To: "IDA.BERG@example.se"}, 2},
		{outbox.MessageFilter{Ref: "reg-1"}, 2},
		{outbox.MessageFilter{Kind: "confirmation"}, 2},
		{outbox.MessageFilter{To: "ida.berg@example.se", Kind: "confirmation"}, 1},
		{outbox.MessageFilter{Ref: "reg-3"}, 0},
	} {
		got, err := ob.Messages(ctx, tc.filter)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != tc.want {
			t.Errorf("Messages(%+v): %d, want %d", tc.filter, len(got), tc.want)
		}
	}
	got, _ := ob.Messages(ctx, outbox.MessageFilter{To: "ida.berg@example.se", Kind: "confirmation"})
	if len(got) == 1 && (got[0].To != a.To || got[0].Subject != "Ett" || got[0].Text != a.Text || got[0].Status != outbox.StatusPending) {
		t.Errorf("stored message %+v", got[0])
	}
}
