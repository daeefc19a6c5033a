package app_test

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"folkhalsa-events/app/apptest"
	"folkhalsa-events/events"
	"folkhalsa-events/registration"
)

// A participant cancels on one instance while, on another, the same registration is
// sent its link again or edited. Whatever order the store sees them in, a cancellation
// that was acknowledged stays a cancellation, the freed seat goes to exactly one
// waiting person, and the address holds at most one active registration. (A new link
// replaces the old one, so a cancellation through the old link may also lose the race
// and be refused with 404; then the registration stays as it was.)
func TestCancellationsRacingResendsAndEditsStayCancelled(t *testing.T) {
	races, seats := 50, 30
	if raceEnabled {
		races, seats = 6, 8
	}
	h := newRegHarness(t)
	// A whole test's worth of store work on what may be a busy machine.
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Minute)
	defer cancel()
	second := apptest.NewOn(t, h.s.DB, apptest.WithClock(regNow), apptest.WithEnv("TRUSTED_PROXIES", "0.0.0.0"), apptest.Anonymous())
	second.Deps.Registrations.SetClock(func() time.Time { return regNow })
	ev := h.event(func(in *events.EventInput) { in.CapacityOnSite = seats })
	path := "/api/v1/public/events/" + ev.ID + "/registrations"

	type person struct{ id, email, manage string }
	var people []person
	for i := range seats + 2*races { // seats confirmed, the rest waiting
		email := fmt.Sprintf("deltagare%03d@umea.se", i)
		body := regJSONPerson(email)
		body["waitlist_ok"] = true
		r := h.postJSON(path, body, 201)
		var out struct {
			Registration struct{ ID string } `json:"registration"`
			ManageURL    string              `json:"manage_url"`
		}
		r.JSON(t, &out)
		people = append(people, person{out.Registration.ID, email, strings.TrimPrefix(out.ManageURL, "http://events.test")})
	}
	byID := map[string]person{}
	for _, p := range people {
		byID[p.id] = p
	}

	acknowledged := map[string]string{} // cancelled registration → what raced it
	refused := map[string]bool{}        // cancellations through a link replaced a moment before
	// Cancellations answered 503 (a busy machine: the store did not answer within the
	// request's deadline): recorded or not, the registration must read one way.
	unsure := map[string]bool{}
	attempted := 0
	var mu sync.Mutex
	for _, other := range []string{"resend", "edit"} {
		for done := 0; done < races; {
			// The confirmed now: each cancellation promotes someone from the waiting list.
			confirmed, err := h.s.Deps.Registrations.List(ctx, ev.ID, registration.ListFilter{Status: registration.StatusConfirmed})
			if err != nil {
				t.Fatal(err)
			}
			// People whose link was replaced by a resend are not raced again.
			confirmed = slices.DeleteFunc(confirmed, func(r registration.Registration) bool { return refused[r.ID] })
			batch := confirmed[:min(len(confirmed), races-done)]
			if len(batch) == 0 {
				// Every confirmed person's link was replaced: nobody left to race.
				break
			}
			attempted += len(batch)
			var wg sync.WaitGroup
			start := make(chan struct{})
			for _, r := range batch {
				p := byID[r.ID]
				wg.Go(func() {
					<-start
					resp := h.s.PostForm(t, p.manage+"/cancel", url.Values{"confirm": {"on"}}, "X-Forwarded-For", h.nextIP())
					mu.Lock()
					defer mu.Unlock()
					switch {
					case resp.Status == 303:
						acknowledged[p.id] = other
					case resp.Status == 404 && other == "resend":
						refused[p.id] = true
					case resp.Status == 503 && resp.Header.Get("Retry-After") != "":
						unsure[p.id] = true
					default:
						t.Errorf("cancel %s: %d %s", p.id, resp.Status, mainOf(resp.Text()))
					}
				})
				wg.Go(func() {
					<-start
					var resp apptest.Response
					if other == "resend" {
						resp = second.SendJSON(t, "POST", path+"/resend", map[string]string{"email": p.email}, "X-Forwarded-For", h.nextIP())
					} else {
						resp = second.PostForm(t, p.manage, with(regPerson(p.email), "diet", "Vegetarisk", "waitlist_ok", "true"), "X-Forwarded-For", h.nextIP())
					}
					// An edit after the cancellation is refused (409), a busy store answers
					// 503 with Retry-After; anything else is a fault.
					busy := resp.Status == 503 && resp.Header.Get("Retry-After") != ""
					if resp.Status != 202 && resp.Status != 303 && resp.Status != 409 && !busy {
						t.Errorf("%s of %s: %d %s", other, p.id, resp.Status, mainOf(resp.Text()))
					}
				})
			}
			close(start)
			wg.Wait()
			done += len(batch)
		}
	}
	if t.Failed() {
		t.Fatalf("log:\n%s", h.s.Logs())
	}

	// A promotion after a cancellation runs within the cancelling request's deadline;
	// on a busy machine it may run out, and then the repair pass seats the waiting
	// (checked after it below). Until then fewer seats may be taken, never more.
	promotionsCut := strings.Contains(h.s.Logs(), `"msg":"promote after cancellation"`)
	check := func(when string, repaired bool) {
		t.Helper()
		for id, other := range acknowledged {
			r, err := h.s.Deps.Registrations.Registration(ctx, id)
			if err != nil || r.Status != registration.StatusCancelled {
				t.Errorf("%s: a cancellation raced by a %s was acknowledged and reads %s (%v)", when, other, r.Status, err)
			}
		}
		for id := range refused {
			if r, err := h.s.Deps.Registrations.Registration(ctx, id); err != nil || r.Status == registration.StatusCancelled {
				t.Errorf("%s: a refused cancellation cancelled %s (%v)", when, id, err)
			}
		}
		counts, err := h.s.Deps.Registrations.Count(ctx, ev)
		if err != nil {
			t.Fatal(err)
		}
		cancelled := len(acknowledged)
		for id := range unsure {
			if r, err := h.s.Deps.Registrations.Registration(ctx, id); err == nil && r.Status == registration.StatusCancelled {
				cancelled++
			}
		}
		full := counts.Confirmed == seats && counts.Waiting == len(people)-seats-cancelled
		short := counts.Confirmed < seats && counts.Confirmed+counts.Waiting == len(people)-cancelled
		if counts.Cancelled != cancelled || !(full || (short && promotionsCut && !repaired)) {
			t.Errorf("%s: confirmed %d (seats %d), cancelled %d (want %d), waiting %d (want %d)",
				when, counts.Confirmed, seats, counts.Cancelled, cancelled, counts.Waiting, len(people)-seats-cancelled)
		}
		if short && !repaired {
			t.Logf("%s: %d seats wait for the repair pass (promotions cut short by the deadline)", when, seats-counts.Confirmed)
		}
	}
	// An edit never replaces the link, so at least the edits' cancellations are acknowledged.
	if len(acknowledged)+len(refused)+len(unsure) != attempted || len(acknowledged)+len(unsure) < races || len(acknowledged) == 0 {
		t.Fatalf("%d cancellations acknowledged, %d refused and %d answered 503 of %d", len(acknowledged), len(refused), len(unsure), attempted)
	}
	t.Logf("%d cancellations acknowledged, %d refused (raced by a new link), %d answered 503", len(acknowledged), len(refused), len(unsure))
	check("at once", false)
	if t.Failed() {
		// Whatever the store refused on the way (a promotion that timed out on a busy
		// machine is left to the repair pass, checked next).
		for _, line := range strings.Split(h.s.Logs(), "\n") {
			if strings.Contains(line, `"level":"ERROR"`) || strings.Contains(line, `"level":"WARN"`) {
				t.Log(line)
			}
		}
	}
	// After a repair pass (past its grace period) even the documents themselves say so.
	h.s.Deps.Registrations.SetClock(func() time.Time { return regNow.Add(registration.DefaultRepairGrace + time.Minute) })
	if err := repairPass(ctx, h.s.Deps.Registrations); err != nil {
		t.Fatal(err)
	}
	check("after the repair pass", true)
	for id := range acknowledged {
		var doc struct {
			Status registration.Status `bson:"status"`
		}
		if err := h.s.DB.Collection("registrations").FindOne(ctx, bson.D{{Key: "_id", Value: id}}).Decode(&doc); err != nil || doc.Status != registration.StatusCancelled {
			t.Errorf("after the repair pass the document of %s says %s (%v)", id, doc.Status, err)
		}
	}

	// Each cancelled address may register once more, and then holds one active registration.
	for id := range acknowledged {
		body := regJSONPerson(byID[id].email)
		body["waitlist_ok"] = true
		h.postJSON(path, body, 201)
		h.postJSON(path, body, 409)
	}
	active := map[string]int{}
	for _, r := range h.list(ev) {
		if r.Status != registration.StatusCancelled {
			active[r.Email]++
		}
	}
	for email, n := range active {
		if n != 1 {
			t.Errorf("%s has %d active registrations", email, n)
		}
	}
	if keys, err := h.s.Deps.Registrations.AuditKeys(ctx, ev.ID); err != nil || keys.Held != len(active) || len(keys.Doubled) != 0 {
		t.Errorf("e-mail keys %+v for %d active registrations (%v)", keys, len(active), err)
	}
}
