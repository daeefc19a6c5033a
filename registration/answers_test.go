package registration_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"folkhalsa-events/events"
	"folkhalsa-events/platform/datastore/storetest"
	"folkhalsa-events/registration"
)

func TestAnswersAreCheckedAgainstTheQuestions(t *testing.T) {
	w := newWorld(t)
	ctx := storetest.Ctx(t)
	ev := w.event(nil)
	cert, err := w.events.AddQuestion(ctx, ev.ID, events.QuestionInput{Kind: "yesno", LabelSV: "Vill du ha intyg?", Required: true})
	if err != nil {
		t.Fatal(err)
	}
	note, err := w.events.AddQuestion(ctx, ev.ID, events.QuestionInput{Kind: "long", LabelSV: "Något mer?"})
	if err != nil {
		t.Fatal(err)
	}
	var in registration.Input
	if err := json.Unmarshal([]byte(`{"answers": {"`+cert.ID+`": true, "`+note.ID+`": "Rad ett\n\nRad två"}}`), &in); err != nil {
		t.Fatal(err)
	}
	if got := in.Answers[cert.ID]; len(got) != 1 || got[0] != registration.Yes {
		t.Fatalf("true reads as yes: %v", got)
	}
	bad := func(answers map[string]registration.AnswerValue, field string) {
		t.Helper()
		p := person(len(answers) + 50)
		p.Answers = answers
		_, err := w.svc.Register(ctx, ev.ID, p, "sv")
		var ve *events.ValidationError
		if !errors.As(err, &ve) || !ve.Has(field) {
			t.Errorf("%v: %v, want a problem with %s", answers, err, field)
		}
	}
	bad(nil, "q_"+cert.ID)
	bad(map[string]registration.AnswerValue{cert.ID: {"kanske"}}, "q_"+cert.ID)
	bad(map[string]registration.AnswerValue{cert.ID: {"yes"}, "nope": {"x"}}, "answers")
	bad(map[string]registration.AnswerValue{cert.ID: {"yes"}, note.ID: {strings.Repeat("å", 1001)}}, "q_"+note.ID)

	p := person(1)
	p.Answers = in.Answers
	res, err := w.svc.Register(ctx, ev.ID, p, "sv")
	if err != nil {
		t.Fatal(err)
	}
	if got := res.Registration.AnswerOf(note.ID); len(got) != 1 || got[0] != "Rad ett\n\nRad två" {
		t.Errorf("long answer: %q", got)
	}
	// An organiser adding a late participant need not know every answer.
	if _, err := w.svc.AddByOrganiser(ctx, ev.ID, registration.AddedInput{FirstName: "Sara", LastName: "Ek", Email: "sara@umea.se",
		Organisation: "Umeå kommun", UsesSeat: true}); err != nil {
		t.Errorf("organiser's addition with a seat: %v", err)
	}
}
