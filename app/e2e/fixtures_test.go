package e2e

import (
	"testing"
	"time"

	"folkhalsa-events/events"
	"folkhalsa-events/platform/datastore/storetest"
)

// eventDay is when the conference takes place; the service clock is set before it.
var (
	beforeEvent = time.Date(2026, 9, 1, 10, 0, 0, 0, events.Stockholm)
)

type conference struct {
	org       events.Organisation
	event     events.Event
	workshops []events.Session
	questions []events.Question
}

// publishConference creates a published two-day hybrid conference with parallel workshops.
func publishConference(t *testing.T, svc *service) conference {
	t.Helper()
	ctx := storetest.Ctx(t)
	store := svc.deps.Events
	org, err := store.CreateOrganisation(ctx, events.OrganisationInput{Name: "Länsstyrelsen Västerbotten", Kind: "lansstyrelse", County: "24"})
	if err != nil {
		t.Fatal(err)
	}
	ev, err := store.CreateEvent(ctx, org.ID, events.EventInput{
		DetailsInput: events.DetailsInput{Type: "conference", TitleSV: "Folkhälsokonferensen 2026", TitleEN: "Public Health Conference 2026",
			DescriptionSV: "Två dagar om jämlik hälsa i Västerbotten.", DescriptionEN: "Two days on health equity in Västerbotten.",
			VenueName: "Folkets hus", VenueAddress: "Skolgatan 59", VenueCity: "Umeå", Mode: "hybrid",
			CapacityOnSite: 50, CapacityDigital: 100, TargetAreas: []int{1, 6}, Municipality: "Umeå"},
		Start: "2026-10-14T09:00", End: "2026-10-15T16:00", OnlineURL: "https://meet.example.se/konferens",
	})
	if err != nil {
		t.Fatal(err)
	}
	c := conference{org: org}
	sessions := []events.SessionInput{
		{TitleSV: "Välkommen", TitleEN: "Welcome", Start: "2026-10-14T09:00", End: "2026-10-14T09:30", Room: "Stora salen", Kind: "plenary",
			Speakers: []events.SpeakerInput{{Name: "Áile Ŋuvttet Čorgŋa", Title: "Landshövding", Organisation: "Länsstyrelsen"}}},
		{TitleSV: "Barns uppväxtvillkor", TitleEN: "Children's living conditions", Start: "2026-10-14T10:00", End: "2026-10-14T11:00", Room: "Sal A", Kind: "workshop", SeatLimit: 20},
		{TitleSV: "Psykisk hälsa bland unga", TitleEN: "Young people's mental health", Start: "2026-10-14T10:00", End: "2026-10-14T11:00", Room: "Sal B", Kind: "workshop", SeatLimit: 20},
		{TitleSV: "Lunch", Start: "2026-10-14T11:30", End: "2026-10-14T12:30", Room: "Restaurangen", Kind: "lunch"},
	}
	for _, in := range sessions {
		se, err := store.AddSession(ctx, ev.ID, in)
		if err != nil {
			t.Fatal(err)
		}
		if se.Kind == events.KindWorkshop {
			c.workshops = append(c.workshops, se)
		}
	}
	// The event's own questions: a choice, and its days and meals (none required, so
	// the journeys need not answer them).
	for _, in := range []events.QuestionInput{
		{Kind: "choice", LabelSV: "Vilken lunch vill du ha?", LabelEN: "Which lunch would you like?", Options: "Kött | Meat\nVegetariskt | Vegetarian"},
		{Kind: "catering", LabelSV: "Vilka dagar och måltider deltar du i?", LabelEN: "Which days and meals will you attend?", Options: events.CateringOptions(ev)},
	} {
		q, err := store.AddQuestion(ctx, ev.ID, in)
		if err != nil {
			t.Fatal(err)
		}
		c.questions = append(c.questions, q)
	}
	if c.event, err = store.SetStatus(ctx, ev.ID, events.StatusPublished); err != nil {
		t.Fatal(err)
	}
	return c
}
