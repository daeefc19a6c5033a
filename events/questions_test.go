package events_test

import (
	"errors"
	"strings"
	"testing"

	"folkhalsa-events/events"
	"folkhalsa-events/platform/datastore/storetest"
)

func TestQuestionsOfAnEvent(t *testing.T) {
	s := newStore(t)
	ctx := storetest.Ctx(t)
	ev, err := s.CreateEvent(ctx, newOrg(t, s).ID, conferenceInput())
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name  string
		in    events.QuestionInput
		field string
	}{
		{"no kind", events.QuestionInput{LabelSV: "Lunch?"}, "kind"},
		{"no label", events.QuestionInput{Kind: "text"}, "label_sv"},
		{"one option", events.QuestionInput{Kind: "choice", LabelSV: "Lunch?", Options: "Kött"}, "options"},
		{"no option", events.QuestionInput{Kind: "multi", LabelSV: "Dagar?", Options: "\n \n"}, "options"},
		{"twice", events.QuestionInput{Kind: "multi", LabelSV: "Dagar?", Options: "Dag 1\ndag 1"}, "options"},
		{"long option", events.QuestionInput{Kind: "multi", LabelSV: "Dagar?", Options: strings.Repeat("å", 101)}, "options"},
	} {
		_, err := s.AddQuestion(ctx, ev.ID, c.in)
		var ve *events.ValidationError
		if !errors.As(err, &ve) || !ve.Has(c.field) {
			t.Errorf("%s: %v, want a problem with %s", c.name, err, c.field)
		}
	}
	q, err := s.AddQuestion(ctx, ev.ID, events.QuestionInput{Kind: "text", LabelSV: "Fråga", Options: "ignored\nlines"})
	if err != nil || len(q.Options) != 0 {
		t.Fatalf("a text question keeps no options: %+v %v", q, err)
	}
	ev, _ = s.Event(ctx, ev.ID)
	opts := events.CateringOptions(ev) // a two-day conference
	lines := strings.Split(strings.TrimSpace(opts), "\n")
	if len(lines) != 3 || !strings.HasPrefix(lines[0], "Dag 1, ") || !strings.Contains(lines[1], "| Day 2, ") || lines[2] != "Konferensmiddag | Conference dinner" {
		t.Errorf("catering options for two days:\n%s", opts)
	}
	meals, err := s.AddQuestion(ctx, ev.ID, events.QuestionInput{Kind: "catering", LabelSV: "Dagar och måltider", Options: opts})
	if err != nil || len(meals.Options) != 3 || meals.Options[1].Label.EN == "" {
		t.Fatalf("catering question: %+v %v", meals, err)
	}
	if err := s.MoveQuestion(ctx, ev.ID, meals.ID, -1); err != nil {
		t.Fatal(err)
	}
	ev, _ = s.Event(ctx, ev.ID)
	if len(ev.Questions) != 2 || ev.Questions[0].ID != meals.ID {
		t.Errorf("after moving up: %+v", ev.Questions)
	}
	if err := s.DeleteQuestion(ctx, ev.ID, "nope"); !errors.Is(err, events.ErrNotFound) {
		t.Errorf("deleting an unknown question: %v", err)
	}
	for range 18 {
		if _, err := s.AddQuestion(ctx, ev.ID, events.QuestionInput{Kind: "yesno", LabelSV: "Ja?"}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.AddQuestion(ctx, ev.ID, events.QuestionInput{Kind: "yesno", LabelSV: "En för mycket?"}); err == nil {
		t.Error("an event has at most 20 questions")
	}
}
