package app_test

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"log/slog"
	"reflect"
	"strings"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"folkhalsa-events/accounts"
	"folkhalsa-events/app/apptest"
	"folkhalsa-events/events"
	"folkhalsa-events/jobs"
	"folkhalsa-events/platform/datastore/storetest"
	"folkhalsa-events/platform/outbox"
	"folkhalsa-events/registration"
)

var retentionToday = time.Date(2026, 9, 1, 12, 0, 0, 0, events.Stockholm)

type retentionReg struct {
	reg   registration.Registration
	token string
}

// retentionEvent creates a published event of one day that ended daysAgo days before
// retentionToday, and registers people for it (registration open ten days before).
func retentionEvent(t *testing.T, s *apptest.Server, orgID string, daysAgo int, people []registration.Input) (events.Event, []retentionReg) {
	t.Helper()
	ctx := storetest.Ctx(t)
	day := retentionToday.AddDate(0, 0, -daysAgo).Format("2006-01-02")
	ev, err := s.Deps.Events.CreateEvent(ctx, orgID, events.EventInput{
		DetailsInput: events.DetailsInput{Type: "conference", TitleSV: "Konferens " + day, VenueName: "Folkets hus", VenueCity: "Umeå",
			Mode: "hybrid", CapacityOnSite: 2, Municipality: "Umeå"},
		Start: day + "T09:00", End: day + "T16:00",
	})
	if err != nil {
		t.Fatal(err)
	}
	if ev, err = s.Deps.Events.SetStatus(ctx, ev.ID, events.StatusPublished); err != nil {
		t.Fatal(err)
	}
	then := ev.Start.AddDate(0, 0, -10)
	s.Deps.Registrations.SetClock(func() time.Time { return then })
	defer s.Deps.Registrations.SetClock(func() time.Time { return retentionToday })
	var out []retentionReg
	for _, in := range people {
		in.Email = strings.ToLower(in.FirstName) + "." + day + "@example.se"
		in.PrivacyOK, in.WaitlistOK = true, true
		res, err := s.Deps.Registrations.Register(ctx, ev.ID, in, "sv")
		if err != nil {
			t.Fatalf("register %s: %v", in.FirstName, err)
		}
		out = append(out, retentionReg{res.Registration, res.ManageToken})
	}
	return ev, out
}

func retentionPeople() []registration.Input {
	return []registration.Input{
		{FirstName: "Åsa", LastName: "Öberg", Organisation: "Umeå kommun", OrgType: "kommun", Municipality: "Umeå", Mode: "on_site", Gender: "kvinna", Diet: "Vegetarisk", Role: "Strateg"},
		{FirstName: "Erik", LastName: "Lind", Organisation: "Region Västerbotten", OrgType: "region", Municipality: "Skellefteå", Mode: "on_site", Gender: "man", Accessibility: "Rullstol"},
		{FirstName: "Fatima", LastName: "Ali", Organisation: "Röda korset", OrgType: "civilsamhalle", Municipality: "Luleå", Mode: "on_site"}, // waits
		{FirstName: "Lena", LastName: "Holm", Organisation: "Umeå kommun", OrgType: "kommun", Municipality: "Umeå", Mode: "digital", Gender: "kvinna"},
	}
}

func TestPurgeAnonymisesOldEventsAndDeletesOldMailAndAudit(t *testing.T) {
	s := apptest.New(t, apptest.WithClock(retentionToday), apptest.WithEnv("RETENTION_DAYS", "365"))
	ctx := storetest.Ctx(t)
	org, err := s.Deps.Events.CreateOrganisation(ctx, events.OrganisationInput{Name: "Region Västerbotten", Kind: "region", County: "24"})
	if err != nil {
		t.Fatal(err)
	}
	oldEv, oldRegs := retentionEvent(t, s, org.ID, 400, retentionPeople())
	newEv, newRegs := retentionEvent(t, s, org.ID, 100, retentionPeople())
	if _, err := s.Deps.Registrations.CancelByOrganiser(ctx, oldRegs[3].reg.ID); err != nil {
		t.Fatal(err)
	}
	countsBefore, err := s.Deps.Registrations.Count(ctx, oldEv)
	if err != nil {
		t.Fatal(err)
	}
	if countsBefore.ByMunicipality["Umeå"] != 1 || countsBefore.ByOrgType["region"] != 1 || countsBefore.ByGender["man"] != 1 || countsBefore.Waiting != 1 {
		t.Fatalf("fixture counts unexpected: %+v", countsBefore)
	}
	newBefore, _ := s.Deps.Registrations.List(ctx, newEv.ID, registration.ListFilter{})

	// Mail: done and older than the cutoff goes; pending, or younger, stays.
	cutoff := jobs.RetentionCutoff(retentionToday, 365)
	old, recent := cutoff.Add(-24*time.Hour).UTC(), cutoff.Add(24*time.Hour).UTC()
	msgs := s.DB.Collection(outbox.MessagesCollection)
	claims := s.DB.Collection(outbox.ClaimsCollection)
	for _, m := range []bson.D{
		{{Key: "_id", Value: "old-sent"}, {Key: "to", Value: "asa@example.se"}, {Key: "to_addr", Value: "asa@example.se"}, {Key: "text", Value: "Hej Åsa"}, {Key: "status", Value: "sent"}, {Key: "attempts", Value: 1}, {Key: "created_at", Value: old}, {Key: "next_attempt_at", Value: old}},
		{{Key: "_id", Value: "old-failed"}, {Key: "to", Value: "erik@example.se"}, {Key: "to_addr", Value: "erik@example.se"}, {Key: "status", Value: "failed"}, {Key: "attempts", Value: 8}, {Key: "created_at", Value: old}, {Key: "next_attempt_at", Value: old}},
		{{Key: "_id", Value: "old-pending"}, {Key: "to", Value: "lena@example.se"}, {Key: "to_addr", Value: "lena@example.se"}, {Key: "status", Value: "pending"}, {Key: "attempts", Value: 0}, {Key: "created_at", Value: old}, {Key: "next_attempt_at", Value: old}},
		{{Key: "_id", Value: "new-sent"}, {Key: "to", Value: "karin@example.se"}, {Key: "to_addr", Value: "karin@example.se"}, {Key: "status", Value: "sent"}, {Key: "attempts", Value: 1}, {Key: "created_at", Value: recent}, {Key: "next_attempt_at", Value: recent}},
	} {
		if _, err := msgs.InsertOne(ctx, m); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range []bson.D{
		{{Key: "_id", Value: "old-sent#1"}, {Key: "message_id", Value: "old-sent"}, {Key: "attempt", Value: 1}, {Key: "claimed_at", Value: old}},
		{{Key: "_id", Value: "new-sent#1"}, {Key: "message_id", Value: "new-sent"}, {Key: "attempt", Value: 1}, {Key: "claimed_at", Value: recent}},
	} {
		if _, err := claims.InsertOne(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	// Audit: one entry from before the cutoff, one after.
	s.Deps.Accounts.SetClock(func() time.Time { return old })
	if err := s.Deps.Accounts.Record(ctx, accounts.AuditEntry{Actor: "anna@example.se", OrgID: org.ID, Action: "old-entry"}); err != nil {
		t.Fatal(err)
	}
	s.Deps.Accounts.SetClock(func() time.Time { return recent })
	if err := s.Deps.Accounts.Record(ctx, accounts.AuditEntry{Actor: "anna@example.se", OrgID: org.ID, Action: "new-entry"}); err != nil {
		t.Fatal(err)
	}
	s.Deps.Accounts.SetClock(func() time.Time { return retentionToday })

	var logs bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&logs, nil))
	res, err := retentionOf(s, logger).PurgeNow(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if res.Events != 1 || res.Registrations != 4 || res.Messages != 2 || res.AuditEntries != 1 {
		t.Errorf("purge: %+v; want 1 event, 4 registrations, 2 messages, 1 audit entry", res)
	}
	if !strings.Contains(logs.String(), "registrations_anonymised=4") || strings.Contains(logs.String(), "@") {
		t.Errorf("purge log: %s", logs.String())
	}

	// The old event: personal data gone, statistics kept, links and e-mail keys gone.
	for _, r := range oldRegs {
		got, err := s.Deps.Registrations.Registration(ctx, r.reg.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.FirstName != "" || got.LastName != "" || got.Email != "" || got.Organisation != "" || got.Role != "" ||
			got.Diet != "" || got.Accessibility != "" || got.ManageHash != "" || got.AnonymisedAt.IsZero() {
			t.Errorf("personal data left: %+v", got)
		}
		if got.Municipality != r.reg.Municipality || got.OrgType != r.reg.OrgType || got.Gender != r.reg.Gender || got.Mode != r.reg.Mode {
			t.Errorf("statistics changed: %+v, was %+v", got, r.reg)
		}
		if _, err := s.Deps.Registrations.ByToken(ctx, r.reg.ID, r.token); !errors.Is(err, registration.ErrNotFound) {
			t.Errorf("manage link after purge: %v, want ErrNotFound", err)
		}
		if resp := s.Get(t, "/manage/"+r.reg.ID+"/"+r.token, "Accept", "text/html"); resp.Status != 404 {
			t.Errorf("GET manage link after purge: %d, want 404", resp.Status)
		}
		if n, _ := s.DB.Collection("registration_keys").CountDocuments(ctx, bson.D{{Key: "event_id", Value: oldEv.ID}}); n != 0 {
			t.Errorf("%d e-mail keys of %s left", n, oldEv.ID)
		}
	}
	statuses := map[registration.Status]int{}
	for _, r := range oldRegs {
		got, _ := s.Deps.Registrations.Registration(ctx, r.reg.ID)
		statuses[got.Status]++
	}
	if statuses[registration.StatusConfirmed] != 2 || statuses[registration.StatusWaiting] != 1 || statuses[registration.StatusCancelled] != 1 {
		t.Errorf("statuses after purge: %v", statuses)
	}
	countsAfter, err := s.Deps.Registrations.Count(ctx, oldEv)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(countsBefore, countsAfter) {
		t.Errorf("counts changed by purging:\nbefore %+v\nafter  %+v", countsBefore, countsAfter)
	}

	// The event that ended 100 days ago is untouched.
	newAfter, _ := s.Deps.Registrations.List(ctx, newEv.ID, registration.ListFilter{})
	if !reflect.DeepEqual(newBefore, newAfter) {
		t.Errorf("recent event's registrations changed")
	}
	for _, r := range newRegs {
		if _, err := s.Deps.Registrations.ByToken(ctx, r.reg.ID, r.token); err != nil {
			t.Errorf("recent event's manage link: %v", err)
		}
	}

	// Mail and audit: old done messages, their claims and old entries gone; the rest kept.
	for id, want := range map[string]int64{"old-sent": 0, "old-failed": 0, "old-pending": 1, "new-sent": 1} {
		if n, _ := msgs.CountDocuments(ctx, bson.D{{Key: "_id", Value: id}}); n != want {
			t.Errorf("outbox message %s: %d, want %d", id, n, want)
		}
	}
	for id, want := range map[string]int64{"old-sent#1": 0, "new-sent#1": 1} {
		if n, _ := claims.CountDocuments(ctx, bson.D{{Key: "_id", Value: id}}); n != want {
			t.Errorf("outbox claim %s: %d, want %d", id, n, want)
		}
	}
	entries, err := s.Deps.Accounts.Audit(ctx, accounts.AuditFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, e := range entries {
		actions = append(actions, e.Action)
	}
	if strings.Contains(strings.Join(actions, ","), "old-entry") || !strings.Contains(strings.Join(actions, ","), "new-entry") {
		t.Errorf("audit entries after purge: %v", actions)
	}

	// A second pass finds nothing more to do.
	oldAfter, _ := s.Deps.Registrations.List(ctx, oldEv.ID, registration.ListFilter{})
	res, err = retentionOf(s, slog.New(slog.NewTextHandler(io.Discard, nil))).PurgeNow(ctx)
	if err != nil || res.Registrations != 0 || res.Messages != 0 || res.AuditEntries != 0 {
		t.Errorf("second purge: %+v, %v; want nothing done", res, err)
	}
	if again, _ := s.Deps.Registrations.List(ctx, oldEv.ID, registration.ListFilter{}); !reflect.DeepEqual(oldAfter, again) {
		t.Errorf("second purge changed registrations")
	}

	// The organiser's pages still work for the anonymised event.
	if r := s.Get(t, "/organiser/events/"+oldEv.ID+"/participants", "Accept", "text/html"); r.Status != 200 {
		t.Fatalf("participants of an anonymised event: %d\n%s", r.Status, r.Text())
	} else if strings.Contains(r.Text(), "Öberg") || !strings.Contains(r.Text(), "Skellefteå") {
		t.Errorf("participants page of an anonymised event: names shown or municipality missing")
	}
	r := s.Get(t, "/organiser/events/"+oldEv.ID+"/participants.csv")
	if r.Status != 200 {
		t.Fatalf("CSV of an anonymised event: %d\n%s", r.Status, r.Text())
	}
	rd := csv.NewReader(strings.NewReader(strings.TrimPrefix(r.Text(), "\ufeff")))
	rd.Comma = ';'
	rows, err := rd.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 5 {
		t.Fatalf("CSV: %d rows, want header and 4", len(rows))
	}
	for _, row := range rows[1:] {
		if row[0] != "" || row[1] != "" || row[2] != "" || row[3] != "" || row[5] == "" {
			t.Errorf("CSV row of an anonymised registration: %q", row)
		}
	}
}

// retentionOf is the purge job of a test app, on the app's clock.
func retentionOf(s *apptest.Server, logger *slog.Logger) jobs.Retention {
	return jobs.Retention{Events: s.Deps.Events, Registrations: s.Deps.Registrations, Outbox: s.Deps.Outbox,
		Accounts: s.Deps.Accounts, Days: s.Cfg.RetentionDays, Now: s.Deps.Now, Logger: logger}
}
