package registration_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"

	"folkhalsa-events/events"
	"folkhalsa-events/platform/datastore/storetest"
	"folkhalsa-events/registration"
)

// Anonymise removes what names a person and keeps what the follow-up counts: the
// counts are the same before and after, manage links and e-mail keys are gone, another
// event is untouched, and a second run changes nothing.
func TestAnonymiseKeepsStatisticsAndRemovesPersonalData(t *testing.T) {
	w := newWorld(t)
	ctx := storetest.Ctx(t)
	ev := w.event(func(in *events.EventInput) { in.CapacityOnSite = 3 })
	ws := w.workshop(ev, "Psykisk hälsa", "2026-10-14T10:00", "2026-10-14T11:00", 1)
	other := w.event(nil)
	q, err := w.events.AddQuestion(ctx, ev.ID, events.QuestionInput{Kind: "text", LabelSV: "Vad vill du fråga panelen?"})
	if err != nil {
		t.Fatal(err)
	}

	type reg struct {
		id, token string
	}
	var regs []reg
	for i := range 5 { // 3 confirmed, 2 waiting
		in := person(i)
		in.Diet, in.Accessibility, in.Workshops = "Vegetarisk", "Hörslinga", []string{ws.ID}
		in.Answers = map[string]registration.AnswerValue{q.ID: {"Min son har adhd"}}
		if i%2 == 1 {
			in.Municipality, in.OrgType, in.Gender = "Skellefteå", "region", "man"
		}
		res, err := w.svc.Register(ctx, ev.ID, in, "sv")
		if err != nil {
			t.Fatal(err)
		}
		regs = append(regs, reg{res.Registration.ID, res.ManageToken})
	}
	if _, err := w.svc.Cancel(ctx, regs[0].id, regs[0].token); err != nil {
		t.Fatal(err)
	}
	kept, err := w.svc.Register(ctx, other.ID, person(1), "sv")
	if err != nil {
		t.Fatal(err)
	}

	before, err := w.svc.Count(ctx, ev)
	if err != nil {
		t.Fatal(err)
	}
	listBefore, _ := w.svc.List(ctx, ev.ID, registration.ListFilter{})

	n, err := w.svc.Anonymise(ctx, ev.ID)
	if err != nil || n != 5 {
		t.Fatalf("Anonymise: %d, %v; want 5 registrations", n, err)
	}

	after, err := w.svc.Count(ctx, ev)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(before, after) {
		t.Errorf("counts changed by anonymising:\nbefore %+v\nafter  %+v", before, after)
	}
	if before.ByMunicipality["Skellefteå"] != 2 || before.ByOrgType["region"] != 2 || before.ByGender["man"] != 2 {
		t.Errorf("fixture counts unexpected: %+v", before)
	}

	list, _ := w.svc.List(ctx, ev.ID, registration.ListFilter{})
	if len(list) != len(listBefore) {
		t.Fatalf("%d registrations after, %d before", len(list), len(listBefore))
	}
	orig := map[string]registration.Registration{}
	for _, r := range listBefore {
		orig[r.ID] = r
	}
	for _, r := range list {
		o := orig[r.ID]
		if r.FirstName != "" || r.LastName != "" || r.Email != "" || r.Organisation != "" || r.Role != "" ||
			r.Diet != "" || r.Accessibility != "" || r.Invitation != "" || r.ManageHash != "" {
			t.Errorf("personal data left: %+v", r)
		}
		if r.AnonymisedAt.IsZero() {
			t.Errorf("%s: anonymised_at not set", r.ID)
		}
		if r.Municipality != o.Municipality || r.County != o.County || r.OrgType != o.OrgType || r.Gender != o.Gender ||
			r.Mode != o.Mode || r.Status != o.Status || r.Category != o.Category || !reflect.DeepEqual(r.Workshops, o.Workshops) ||
			!r.CreatedAt.Equal(o.CreatedAt) || !r.CancelledAt.Equal(o.CancelledAt) || r.ArrivedAt != o.ArrivedAt {
			t.Errorf("statistics changed:\nbefore %+v\nafter  %+v", o, r)
		}
	}
	// Nothing personal is left in the stored documents either.
	raw, err := w.db.Collection("registrations").Find(ctx, bson.D{{Key: "event_id", Value: ev.ID}})
	if err != nil {
		t.Fatal(err)
	}
	var docs []bson.M
	if err := raw.All(ctx, &docs); err != nil {
		t.Fatal(err)
	}
	for _, d := range docs {
		s := strings.ToLower(bson.Raw(must(bson.Marshal(d))).String())
		for _, bad := range []string{"öberg", "åsa", "umea.se", "umeå kommun", "folkhälsostrateg", "vegetarisk", "hörslinga", "adhd"} {
			if strings.Contains(s, bad) {
				t.Errorf("stored document still contains %q: %s", bad, s)
			}
		}
		for _, gone := range []string{"role", "diet", "accessibility", "invitation", "answers"} {
			if _, ok := d[gone]; ok {
				t.Errorf("stored document still has %s", gone)
			}
		}
	}

	// Manage links stop working; e-mail keys are gone.
	for _, r := range regs {
		if _, err := w.svc.ByToken(ctx, r.id, r.token); !errors.Is(err, registration.ErrNotFound) {
			t.Errorf("manage link of %s after anonymising: %v, want ErrNotFound", r.id, err)
		}
	}
	for i := range 5 {
		c, err := w.db.Collection("registration_keys").CountDocuments(ctx, bson.D{{Key: "_id", Value: registration.KeyID(w.svc, ev.ID, person(i).Email)}})
		if err != nil || c != 0 {
			t.Errorf("e-mail key of person %d: %d, %v; want gone", i, c, err)
		}
	}
	c, _ := w.db.Collection("registration_keys").CountDocuments(ctx, bson.D{{Key: "event_id", Value: ev.ID}})
	if c != 0 {
		t.Errorf("%d e-mail keys of the event left", c)
	}

	// The other event is untouched.
	r, err := w.svc.Registration(ctx, kept.Registration.ID)
	if err != nil || r.Email != person(1).Email || r.FirstName == "" || !r.AnonymisedAt.IsZero() {
		t.Errorf("other event's registration changed: %+v, %v", r, err)
	}
	if _, err := w.svc.ByToken(ctx, kept.Registration.ID, kept.ManageToken); err != nil {
		t.Errorf("other event's manage link: %v", err)
	}
	c, _ = w.db.Collection("registration_keys").CountDocuments(ctx, bson.D{{Key: "_id", Value: registration.KeyID(w.svc, other.ID, person(1).Email)}})
	if c != 1 {
		t.Errorf("other event's e-mail key: %d, want 1", c)
	}

	// Idempotent: a second run finds nothing to do and changes nothing.
	n, err = w.svc.Anonymise(ctx, ev.ID)
	if err != nil || n != 0 {
		t.Fatalf("second Anonymise: %d, %v; want 0", n, err)
	}
	again, _ := w.svc.List(ctx, ev.ID, registration.ListFilter{})
	if !reflect.DeepEqual(list, again) {
		t.Errorf("second run changed registrations")
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
