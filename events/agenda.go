package events

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// SessionInput is an organiser's agenda-session form or JSON body.
type SessionInput struct {
	Start         string         `json:"start" form:"start"`
	End           string         `json:"end" form:"end"`
	TitleSV       string         `json:"title_sv" form:"title_sv"`
	TitleEN       string         `json:"title_en" form:"title_en"`
	DescriptionSV string         `json:"description_sv" form:"description_sv"`
	DescriptionEN string         `json:"description_en" form:"description_en"`
	Kind          string         `json:"kind" form:"kind"`
	Room          string         `json:"room" form:"room"`
	Track         string         `json:"track" form:"track"`
	TargetAreas   []int          `json:"target_areas" form:"target_areas"`
	SeatLimit     int            `json:"seat_limit" form:"seat_limit"`
	Speakers      []SpeakerInput `json:"speakers" form:"-"`
	// SpeakersText is the form's textarea: one speaker a line, "Name, title, organisation".
	SpeakersText string `json:"-" form:"speakers_text"`
}

// SpeakerInput is one speaker in a JSON body.
type SpeakerInput struct {
	Name         string `json:"name"`
	Title        string `json:"title"`
	Organisation string `json:"organisation"`
}

const maxSpeakers = 20

func (in SessionInput) validate() (Session, error) {
	var v ValidationError
	s := Session{
		Start:       parseTime(&v, "start", in.Start, true, "Start", "Start"),
		End:         parseTime(&v, "end", in.End, true, "Slut", "End"),
		Title:       Text{SV: clean(in.TitleSV), EN: clean(in.TitleEN)},
		Description: Text{SV: cleanMultiline(in.DescriptionSV), EN: cleanMultiline(in.DescriptionEN)},
		Kind:        SessionKind(strings.TrimSpace(in.Kind)),
		Room:        clean(in.Room),
		Track:       clean(in.Track),
		TargetAreas: targetAreas(&v, "target_areas", in.TargetAreas),
		SeatLimit:   in.SeatLimit,
		Speakers:    []Speaker{},
	}
	requireText(&v, "title_sv", in.TitleSV, maxTitle, "Titel (svenska)", "Title (Swedish)")
	limitText(&v, "title_en", in.TitleEN, maxTitle, "Titel (engelska)", "Title (English)")
	limitText(&v, "description_sv", in.DescriptionSV, maxDescription, "Beskrivning (svenska)", "Description (Swedish)")
	limitText(&v, "description_en", in.DescriptionEN, maxDescription, "Beskrivning (engelska)", "Description (English)")
	limitText(&v, "room", in.Room, 100, "Rum", "Room")
	limitText(&v, "track", in.Track, 100, "Spår", "Track")
	if s.Kind == "" {
		s.Kind = KindPlenary
	}
	if !slices.Contains(SessionKinds, s.Kind) {
		v.add("kind", "Välj typ av programpunkt.", "Choose the kind of session.")
	}
	if !s.Start.IsZero() && !s.End.IsZero() && !s.End.After(s.Start) {
		v.add("end", "Slutet måste komma efter starten.", "The end must come after the start.")
	}
	if s.SeatLimit < 0 || s.SeatLimit > maxCapacity {
		v.add("seat_limit", "Antal platser: 0 (obegränsat) eller fler.", "Seats: 0 (no limit) or more.")
	}
	if s.Kind != KindWorkshop {
		s.SeatLimit = 0 // only workshops are booked at registration
	}

	speakers := in.Speakers
	for _, line := range strings.Split(in.SpeakersText, "\n") {
		parts := strings.SplitN(line, ",", 3)
		for len(parts) < 3 {
			parts = append(parts, "")
		}
		speakers = append(speakers, SpeakerInput{Name: parts[0], Title: parts[1], Organisation: parts[2]})
	}
	for _, sp := range speakers {
		speaker := Speaker{Name: clean(sp.Name), Title: clean(sp.Title), Organisation: clean(sp.Organisation)}
		if speaker.Name == "" {
			continue
		}
		limitText(&v, "speakers", sp.Name+sp.Title+sp.Organisation, 300, "Talare", "Speaker")
		s.Speakers = append(s.Speakers, speaker)
	}
	if len(s.Speakers) > maxSpeakers {
		v.add("speakers", fmt.Sprintf("Högst %d talare per programpunkt.", maxSpeakers), fmt.Sprintf("At most %d speakers per session.", maxSpeakers))
	}
	return s, v.err()
}

// checkAgenda enforces the agenda rules for candidate against the event's other
// sessions: inside the event's time span, no room in two sessions at once, no speaker
// in two sessions at once. Parallel sessions in different rooms are fine.
func checkAgenda(ev Event, candidate Session, others []Session) error {
	var v ValidationError
	if candidate.Start.Before(ev.Start) || candidate.End.After(ev.End) {
		v.add("start", fmt.Sprintf("Programpunkten måste ligga inom evenemanget (%s).", span(ev.Start, ev.End)),
			fmt.Sprintf("The session must lie within the event (%s).", span(ev.Start, ev.End)))
	}
	for _, o := range others {
		if o.ID == candidate.ID || !overlaps(candidate, o) {
			continue
		}
		if candidate.Room != "" && strings.EqualFold(candidate.Room, o.Room) {
			v.add("room", fmt.Sprintf("Rummet %q är redan upptaget av %q (%s) under %q (%s).",
				candidate.Room, o.Title.SV, span(o.Start, o.End), candidate.Title.SV, span(candidate.Start, candidate.End)),
				fmt.Sprintf("Room %q is already taken by %q (%s) during %q (%s).",
					candidate.Room, o.Title.In("en"), span(o.Start, o.End), candidate.Title.In("en"), span(candidate.Start, candidate.End)))
		}
		for _, sp := range candidate.Speakers {
			if !hasSpeaker(o, sp.Name) {
				continue
			}
			v.add("speakers", fmt.Sprintf("%s kan inte vara med i både %q (%s) och %q (%s) – de överlappar.",
				sp.Name, o.Title.SV, span(o.Start, o.End), candidate.Title.SV, span(candidate.Start, candidate.End)),
				fmt.Sprintf("%s cannot be in both %q (%s) and %q (%s): they overlap.",
					sp.Name, o.Title.In("en"), span(o.Start, o.End), candidate.Title.In("en"), span(candidate.Start, candidate.End)))
		}
	}
	return v.err()
}

func overlaps(a, b Session) bool { return a.Start.Before(b.End) && b.Start.Before(a.End) }

func hasSpeaker(s Session, name string) bool {
	for _, sp := range s.Speakers {
		if strings.EqualFold(sp.Name, name) {
			return true
		}
	}
	return false
}

// span formats a time range in Stockholm time, with the date when it helps.
func span(from, to time.Time) string {
	from, to = from.In(Stockholm), to.In(Stockholm)
	if from.YearDay() == to.YearDay() && from.Year() == to.Year() {
		return from.Format("2006-01-02 15:04") + "–" + to.Format("15:04")
	}
	return from.Format("2006-01-02 15:04") + "–" + to.Format("2006-01-02 15:04")
}
