package registration_test

import (
	"errors"
	"testing"

	"folkhalsa-events/events"
	"folkhalsa-events/platform/datastore/storetest"
	"folkhalsa-events/platform/locale"
	"folkhalsa-events/registration"
)

func TestSetCategory(t *testing.T) {
	w := newWorld(t)
	ev := w.event(nil)
	ctx := storetest.Ctx(t)
	res, err := w.svc.Register(ctx, ev.ID, person(1), "sv")
	if err != nil {
		t.Fatal(err)
	}
	r := res.Registration
	if r.Category != registration.CategoryParticipant {
		t.Fatalf("a new registration is %q, want participant", r.Category)
	}
	other, err := w.svc.Register(ctx, ev.ID, person(2), "sv")
	if err != nil {
		t.Fatal(err)
	}

	if err := w.svc.SetCategory(ctx, r.ID, " speaker "); err != nil {
		t.Fatal(err)
	}
	got, err := w.svc.Registration(ctx, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Category != registration.CategorySpeaker {
		t.Errorf("category %q, want speaker", got.Category)
	}
	// Nothing else of the registration changes, and no other registration does.
	if got.FirstName != r.FirstName || got.LastName != r.LastName || got.Status != r.Status || got.ManageHash != r.ManageHash {
		t.Errorf("SetCategory changed more than the category: %+v", got)
	}
	if o, _ := w.svc.Registration(ctx, other.Registration.ID); o.Category != registration.CategoryParticipant {
		t.Errorf("the other registration became %q", o.Category)
	}

	for _, bad := range []registration.Category{"", "vip", "Speaker"} {
		err := w.svc.SetCategory(ctx, r.ID, bad)
		var ve *events.ValidationError
		if !errors.As(err, &ve) || !ve.Has("category") {
			t.Errorf("category %q: %v, want a validation error on category", bad, err)
		}
	}
	if got, _ := w.svc.Registration(ctx, r.ID); got.Category != registration.CategorySpeaker {
		t.Errorf("a rejected category changed the registration to %q", got.Category)
	}
	if err := w.svc.SetCategory(ctx, "nosuchregistration", registration.CategoryStaff); !errors.Is(err, registration.ErrNotFound) {
		t.Errorf("unknown registration: %v, want ErrNotFound", err)
	}
	for _, c := range registration.Categories {
		if !registration.ValidCategory(c.Value) || !locale.Has(string(c.Label)) {
			t.Errorf("category option %+v", c)
		}
	}
}
