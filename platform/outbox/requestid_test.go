package outbox_test

import (
	"strings"
	"testing"

	"folkhalsa-events/platform/datastore/storetest"
	"folkhalsa-events/platform/logctx"
	"folkhalsa-events/platform/outbox/smtptest"
)

// A message queued by a request keeps the request's id, and the worker's lines about
// delivering it, in another goroutine much later, carry that id.
func TestDeliveryLogCarriesTheRequestID(t *testing.T) {
	db := storetest.DB(t)
	srv := smtptest.Start(t)
	ob, logs := newOutbox(t, db, srv.Config())
	ctx := logctx.WithRequestID(storetest.Ctx(t), "req-4711")
	id, err := ob.Enqueue(ctx, simpleMessage("greta@example.se", "Med spårbarhet"))
	if err != nil {
		t.Fatal(err)
	}
	if n := deliver(t, ob); n != 1 {
		t.Fatalf("sent %d, want 1", n)
	}
	var queued, sent bool
	for _, line := range strings.Split(logs.String(), "\n") {
		if !strings.Contains(line, "id="+id) {
			continue
		}
		queued = queued || strings.Contains(line, "outbox: queued") && strings.Contains(line, "request_id=req-4711")
		sent = sent || strings.Contains(line, "outbox: sent") && strings.Contains(line, "request_id=req-4711")
	}
	if !queued || !sent {
		t.Fatalf("queued with id %v, sent with id %v:\n%s", queued, sent, logs.String())
	}
}
