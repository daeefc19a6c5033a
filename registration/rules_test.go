package registration_test

import (
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"folkhalsa-events/events"
	"folkhalsa-events/platform/datastore/storetest"
	"folkhalsa-events/registration"
)

func TestOneRegistrationPerEmailAndEvent(t *testing.T) {
	w := newWorld(t)
	ev := w.event(nil)
	ctx := storetest.Ctx(t)
	if _, err := w.svc.Register(ctx, ev.ID, person(1), "sv"); err != nil {
		t.Fatal(err)
	}
	again := person(2)
	again.Email = "  ASA.Oberg1@Umea.se "
	if _, err := w.svc.Register(ctx, ev.ID, again, "sv"); !errors.Is(err, registration.ErrAlreadyRegistered) {
		t.Fatalf("same address in other case: %v", err)
	}
	// Twenty simultaneous attempts with one address: exactly one registration.
	var wg sync.WaitGroup
	errs := make([]error, 20)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = w.svc.Register(ctx, ev.ID, person(7), "sv")
		}()
	}
	wg.Wait()
	won := 0
	for _, err := range errs {
		switch {
		case err == nil:
			won++
		case !errors.Is(err, registration.ErrAlreadyRegistered):
			t.Fatalf("unexpected error: %v", err)
		}
	}
	list, _ := w.svc.List(ctx, ev.ID, registration.ListFilter{})
	if won != 1 || len(list) != 2 {
		t.Fatalf("%d attempts won, %d registrations stored; want 1 and 2", won, len(list))
	}
	if keys, err := w.svc.AuditKeys(ctx, ev.ID); err != nil || keys.Held != 2 || keys.Unsettled != 0 || len(keys.Doubled) != 0 {
		t.Fatalf("e-mail keys %+v (%v); want two held and none unsettled", keys, err)
	}
	// Another event is another matter.
	other := w.event(nil)
	if _, err := w.svc.Register(ctx, other.ID, person(1), "sv"); err != nil {
		t.Fatalf("same address, other event: %v", err)
	}
}

func TestRegistrationWindow(t *testing.T) {
	w := newWorld(t)
	ctx := storetest.Ctx(t)
	draftIn := events.EventInput{DetailsInput: events.DetailsInput{Type: "seminar", TitleSV: "Utkast", Mode: "digital"}, Start: "2026-10-01T09:00", End: "2026-10-01T10:00"}
	draft, err := w.events.CreateEvent(ctx, w.org.ID, draftIn)
	if err != nil {
		t.Fatal(err)
	}
	cancelled := w.event(nil)
	if _, err := w.events.SetStatus(ctx, cancelled.ID, events.StatusCancelled); err != nil {
		t.Fatal(err)
	}
	notYet := w.event(func(in *events.EventInput) { in.RegistrationOpens = "2026-09-15T08:00" })
	closed := w.event(func(in *events.EventInput) { in.RegistrationCloses = "2026-08-31T23:59" })
	past := w.event(func(in *events.EventInput) { in.Start, in.End = "2026-08-20T09:00", "2026-08-20T12:00" })
	cases := []struct {
		name string
		id   string
		want error
	}{
		{"draft", draft.ID, registration.ErrNotFound},
		{"unknown", "nope", registration.ErrNotFound},
		{"cancelled", cancelled.ID, registration.ErrNotOpen},
		{"not yet open", notYet.ID, registration.ErrNotOpen},
		{"closed", closed.ID, registration.ErrNotOpen},
		{"past", past.ID, registration.ErrNotOpen},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := w.svc.Register(ctx, tc.id, person(1), "sv"); !errors.Is(err, tc.want) {
				t.Fatalf("got %v, want %v", err, tc.want)
			}
		})
	}
	w.now = time.Date(2026, 9, 16, 9, 0, 0, 0, events.Stockholm)
	if _, err := w.svc.Register(ctx, notYet.ID, person(1), "sv"); err != nil {
		t.Fatalf("after opening: %v", err)
	}
}

func TestBadInputIsRefusedAndNothingStored(t *testing.T) {
	w := newWorld(t)
	ev := w.event(func(in *events.EventInput) { in.Mode, in.CapacityDigital = "hybrid", 10 })
	a := w.workshop(ev, "Workshop A", "2026-10-14T13:00", "2026-10-14T14:00", 5)
	b := w.workshop(ev, "Workshop B", "2026-10-14T13:30", "2026-10-14T14:30", 5)
	ctx := storetest.Ctx(t)
	cases := []struct {
		name   string
		change func(*registration.Input)
		field  string
	}{
		{"no first name", func(in *registration.Input) { in.FirstName = " " }, "first_name"},
		{"bad e-mail", func(in *registration.Input) { in.Email = "asa@" }, "email"},
		{"e-mail with name", func(in *registration.Input) { in.Email = "Åsa <asa@umea.se>" }, "email"},
		{"unknown municipality", func(in *registration.Input) { in.Municipality = "Ankeborg" }, "municipality"},
		{"no municipality", func(in *registration.Input) { in.Municipality = "" }, "municipality"},
		{"organisation type", func(in *registration.Input) { in.OrgType = "sekt" }, "org_type"},
		{"1 MB name", func(in *registration.Input) { in.LastName = strings.Repeat("Ö", 500_000) }, "last_name"},
		{"invalid UTF-8", func(in *registration.Input) { in.FirstName = "\xc3\x28" }, "first_name"},
		{"no privacy acceptance", func(in *registration.Input) { in.PrivacyOK = false }, "privacy_accepted"},
		{"gender outside the options", func(in *registration.Input) { in.Gender = "robot" }, "gender"},
		{"hybrid without mode", func(in *registration.Input) { in.Mode = "" }, "mode"},
		{"unknown workshop", func(in *registration.Input) { in.Workshops = []string{"nope"} }, "workshops"},
		{"overlapping workshops", func(in *registration.Input) { in.Workshops = []string{a.ID, b.ID} }, "workshops"},
		{"workshop online", func(in *registration.Input) { in.Mode, in.Workshops = "digital", []string{a.ID} }, "workshops"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			in := person(1)
			in.Mode = "on_site"
			tc.change(&in)
			_, err := w.svc.Register(ctx, ev.ID, in, "sv")
			var ve *events.ValidationError
			if !errors.As(err, &ve) || !ve.Has(tc.field) {
				t.Fatalf("want a validation error on %s, got %v", tc.field, err)
			}
			if sv, en := ve.FieldMessages("sv")[tc.field], ve.FieldMessages("en")[tc.field]; sv == "" || en == "" || sv == en {
				t.Errorf("messages in both languages: %q / %q", sv, en)
			}
		})
	}
	honeypot := person(1)
	honeypot.Website = "http://spam.example"
	if _, err := w.svc.Register(ctx, ev.ID, honeypot, "sv"); !errors.Is(err, registration.ErrRejected) {
		t.Fatalf("honeypot: %v", err)
	}
	for _, coll := range []string{"registrations", "registration_keys", "line_tickets", "line_holders"} {
		if n, _ := w.db.Collection(coll).CountDocuments(ctx, bson.D{}); n != 0 {
			t.Errorf("%d documents in %s after refused input", n, coll)
		}
	}
}

func TestInvitationCodes(t *testing.T) {
	w := newWorld(t)
	ev := w.event(func(in *events.EventInput) { in.Visibility = "invite_only" })
	ctx := storetest.Ctx(t)
	single, err := w.svc.CreateInvitation(ctx, ev.ID, registration.InvitationInput{MaxUses: 1, Note: "Kommunledningen i Skellefteå"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.svc.Register(ctx, ev.ID, person(1), "sv"); !errors.Is(err, registration.ErrInvitationNeeded) {
		t.Fatalf("without code: %v", err)
	}
	wrong := person(1)
	wrong.Invitation = "NOTACODE"
	if _, err := w.svc.Register(ctx, ev.ID, wrong, "sv"); !errors.Is(err, registration.ErrInvitationNeeded) {
		t.Fatalf("wrong code: %v", err)
	}
	first := person(1)
	first.Invitation = strings.ToLower(single.Code)
	res, err := w.svc.Register(ctx, ev.ID, first, "sv")
	if err != nil {
		t.Fatalf("valid code: %v", err)
	}
	second := person(2)
	second.Invitation = single.Code
	if _, err := w.svc.Register(ctx, ev.ID, second, "sv"); !errors.Is(err, registration.ErrInvitationUsedUp) {
		t.Fatalf("single-use code used twice: %v", err)
	}
	// Cancelling gives the use back.
	if _, err := w.svc.Cancel(ctx, res.Registration.ID, res.ManageToken); err != nil {
		t.Fatal(err)
	}
	if _, err := w.svc.Register(ctx, ev.ID, second, "sv"); err != nil {
		t.Fatalf("code after the first user cancelled: %v", err)
	}
	other := w.event(func(in *events.EventInput) { in.Visibility = "invite_only" })
	third := person(3)
	third.Invitation = single.Code
	if _, err := w.svc.Register(ctx, other.ID, third, "sv"); !errors.Is(err, registration.ErrInvitationNeeded) {
		t.Fatalf("code of another event: %v", err)
	}
	multi, _ := w.svc.CreateInvitation(ctx, ev.ID, registration.InvitationInput{MaxUses: 0})
	for i := 10; i < 13; i++ {
		in := person(i)
		in.Invitation = multi.Code
		if _, err := w.svc.Register(ctx, ev.ID, in, "sv"); err != nil {
			t.Fatalf("multi-use code, use %d: %v", i-9, err)
		}
	}
	uses, err := w.svc.Invitations(ctx, ev.ID)
	if err != nil || len(uses) != 2 || uses[0].Used != 1 || uses[1].Used != 3 {
		t.Fatalf("invitation uses: %+v %v", uses, err)
	}
}

func TestManageLink(t *testing.T) {
	w := newWorld(t)
	ev := w.event(nil)
	a := w.workshop(ev, "Workshop A", "2026-10-14T13:00", "2026-10-14T14:00", 1)
	b := w.workshop(ev, "Workshop B", "2026-10-14T13:00", "2026-10-14T14:00", 1)
	ctx := storetest.Ctx(t)
	in := person(1)
	in.Workshops = []string{a.ID}
	res, err := w.svc.Register(ctx, ev.ID, in, "en")
	if err != nil {
		t.Fatal(err)
	}
	if len(res.ManageToken) < 30 || !strings.Contains(w.mail.of("confirmation", "")[0].Text, w.svc.ManageURL(res.Registration, res.ManageToken)) {
		t.Fatal("the confirmation carries the manage link with an unguessable token")
	}
	if _, err := w.svc.ByToken(ctx, res.Registration.ID, res.ManageToken+"x"); !errors.Is(err, registration.ErrNotFound) {
		t.Fatal("a wrong token must not open the registration")
	}
	// Switch workshop: A is released and B booked.
	in.Workshops, in.Diet = []string{b.ID}, "Vegetarisk"
	updated, err := w.svc.Update(ctx, res.Registration.ID, res.ManageToken, in)
	if err != nil {
		t.Fatal(err)
	}
	if len(updated.Workshops) != 1 || updated.Workshops[0].SessionID != b.ID || updated.Workshops[0].Status != registration.StatusConfirmed || updated.Diet != "Vegetarisk" {
		t.Fatalf("after update: %+v", updated)
	}
	// A's seat is free again for the next person.
	next := person(2)
	next.Workshops, next.WaitlistOK = []string{a.ID}, false
	if r, err := w.svc.Register(ctx, ev.ID, next, "sv"); err != nil || r.Registration.Workshops[0].Status != registration.StatusConfirmed {
		t.Fatalf("freed workshop seat: %v", err)
	}
	// B is now full: a third person without waiting-list acceptance is told so.
	third := person(3)
	third.Workshops, third.WaitlistOK = []string{b.ID}, false
	_, err = w.svc.Register(ctx, ev.ID, third, "sv")
	var ve *events.ValidationError
	if !errors.As(err, &ve) || !strings.Contains(ve.FieldMessages("sv")["workshops"], "Workshop B") {
		t.Fatalf("full workshop: %v", err)
	}
	if _, err := w.svc.Cancel(ctx, res.Registration.ID, res.ManageToken); err != nil {
		t.Fatal(err)
	}
	if _, err := w.svc.Update(ctx, res.Registration.ID, res.ManageToken, in); !errors.Is(err, registration.ErrCancelled) {
		t.Fatalf("editing a cancelled registration: %v", err)
	}
}

func TestResendManageLinkRevealsNothingAndReplacesTheLink(t *testing.T) {
	w := newWorld(t)
	ev := w.event(nil)
	ctx := storetest.Ctx(t)
	res, err := w.svc.Register(ctx, ev.ID, person(1), "sv")
	if err != nil {
		t.Fatal(err)
	}
	if err := w.svc.ResendManageLink(ctx, ev.ID, "nobody@example.se"); err != nil {
		t.Fatalf("unknown address: %v", err)
	}
	if err := w.svc.ResendManageLink(ctx, ev.ID, "ASA.OBERG1@umea.se"); err != nil {
		t.Fatal(err)
	}
	mails := w.mail.of("manage_link", "")
	if len(mails) != 1 || mails[0].To != "asa.oberg1@umea.se" {
		t.Fatalf("manage-link mails: %+v", mails)
	}
	if _, err := w.svc.ByToken(ctx, res.Registration.ID, res.ManageToken); !errors.Is(err, registration.ErrNotFound) {
		t.Error("the old link must stop working")
	}
	_, token, found := strings.Cut(mails[0].Text, "/manage/"+res.Registration.ID+"/")
	if !found || len(strings.Fields(token)) == 0 {
		t.Fatalf("the mail has no manage link:\n%s", mails[0].Text)
	}
	token = strings.Fields(token)[0]
	if _, err := w.svc.ByToken(ctx, res.Registration.ID, token); err != nil {
		t.Errorf("the new link must work: %v", err)
	}
}
