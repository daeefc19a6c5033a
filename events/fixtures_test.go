package events_test

import (
	"testing"

	"folkhalsa-events/events"
	"folkhalsa-events/platform/datastore/storetest"
)

// newStore gives a test its own database with indexes in place.
func newStore(t *testing.T) *events.Store {
	t.Helper()
	s := events.NewStore(storetest.DB(t))
	if err := s.EnsureIndexes(storetest.Ctx(t)); err != nil {
		t.Fatal(err)
	}
	return s
}

func newOrg(t *testing.T, s *events.Store) events.Organisation {
	t.Helper()
	org, err := s.CreateOrganisation(storetest.Ctx(t), events.OrganisationInput{Name: "Länsstyrelsen Västerbotten", Kind: "lansstyrelse", County: "Västerbottens län"})
	if err != nil {
		t.Fatal(err)
	}
	return org
}

// conferenceInput is a valid two-day on-site conference; tests change what they need.
func conferenceInput() events.EventInput {
	return events.EventInput{
		DetailsInput: events.DetailsInput{
			Type:           "conference",
			TitleSV:        "Folkhälsokonferensen 2026",
			TitleEN:        "Public Health Conference 2026",
			DescriptionSV:  "Två dagar om jämlik hälsa.",
			VenueName:      "Folkets hus",
			VenueAddress:   "Storgatan 1",
			VenueCity:      "Umeå",
			Mode:           "hybrid",
			CapacityOnSite: 100,
			TargetAreas:    []int{6, 1, 6},
			PriorityAreas:  []string{"God psykisk hälsa, Hälsosamma levnadsvanor"},
			Municipality:   "Umeå",
		},
		Start:     "2026-10-14T09:00",
		End:       "2026-10-15T16:00",
		OnlineURL: "https://meet.example.se/abc",
	}
}

func session(title, start, end, room string, speakers ...string) events.SessionInput {
	in := events.SessionInput{TitleSV: title, Start: start, End: end, Room: room, Kind: "workshop"}
	for _, sp := range speakers {
		in.Speakers = append(in.Speakers, events.SpeakerInput{Name: sp})
	}
	return in
}
