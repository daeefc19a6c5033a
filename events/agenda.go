package events

import (
	"slices"
	"strings"
	"time"

	"golang.org/x/text/unicode/norm"
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
		Start:       parseTime(&v, "start", in.Start, true, "label.start"),
		End:         parseTime(&v, "end", in.End, true, "label.end"),
		Title:       Text{SV: CleanText(in.TitleSV), EN: CleanText(in.TitleEN)},
		Description: Text{SV: CleanMultiline(in.DescriptionSV), EN: CleanMultiline(in.DescriptionEN)},
		Kind:        SessionKind(strings.TrimSpace(in.Kind)),
		Room:        CleanText(in.Room),
		Track:       CleanText(in.Track),
		TargetAreas: targetAreas(&v, "target_areas", in.TargetAreas),
		SeatLimit:   in.SeatLimit,
		Speakers:    []Speaker{},
	}
	RequireText(&v, "title_sv", in.TitleSV, maxTitle, "label.title_sv")
	LimitText(&v, "title_en", in.TitleEN, maxTitle, "label.title_en")
	LimitText(&v, "description_sv", in.DescriptionSV, maxDescription, "label.description_sv")
	LimitText(&v, "description_en", in.DescriptionEN, maxDescription, "label.description_en")
	LimitText(&v, "room", in.Room, 100, "label.room")
	LimitText(&v, "track", in.Track, 100, "label.track")
	if s.Kind == "" {
		s.Kind = KindPlenary
	}
	if !slices.Contains(SessionKinds, s.Kind) {
		v.Add("kind", "events.err.kind")
	}
	if !s.Start.IsZero() && !s.End.IsZero() && !s.End.After(s.Start) {
		v.Add("end", "badges.err.valid_until.2")
	}
	if s.SeatLimit < 0 || s.SeatLimit > maxCapacity {
		v.Add("seat_limit", "events.err.seat_limit")
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
		speaker := Speaker{Name: CleanText(sp.Name), Title: CleanText(sp.Title), Organisation: CleanText(sp.Organisation)}
		if speaker.Name == "" {
			continue
		}
		LimitText(&v, "speakers", sp.Name+sp.Title+sp.Organisation, 300, "label.speakers")
		s.Speakers = append(s.Speakers, speaker)
	}
	if len(s.Speakers) > maxSpeakers {
		v.Add("speakers", "events.err.speakers", maxSpeakers)
	}
	return s, v.Err()
}

// checkAgenda enforces the agenda rules for candidate against the event's other
// sessions: inside the event's time span, no room in two sessions at once, no speaker
// in two sessions at once. Parallel sessions in different rooms are fine.
func checkAgenda(ev Event, candidate Session, others []Session) error {
	var v ValidationError
	if candidate.Start.Before(ev.Start) || candidate.End.After(ev.End) {
		v.Add("start", "events.err.start", span(ev.Start, ev.End))
	}
	for _, o := range others {
		if o.ID == candidate.ID || !overlaps(candidate, o) {
			continue
		}
		if candidate.Room != "" && sameName(candidate.Room, o.Room) {
			v.Add("room", "events.err.room_taken", candidate.Room, o.Title, span(o.Start, o.End), candidate.Title, span(candidate.Start, candidate.End))
		}
		for _, sp := range candidate.Speakers {
			if !hasSpeaker(o, sp.Name) {
				continue
			}
			v.Add("speakers", "events.err.speaker_clash", sp.Name, o.Title, span(o.Start, o.End), candidate.Title, span(candidate.Start, candidate.End))
		}
	}
	return v.Err()
}

func overlaps(a, b Session) bool { return a.Start.Before(b.End) && b.Start.Before(a.End) }

// sameName compares names as people read them: without case, and the same whether
// "å" arrives as one character or as "a" and a combining ring (NFC and NFD).
func sameName(a, b string) bool {
	return strings.EqualFold(norm.NFC.String(strings.TrimSpace(a)), norm.NFC.String(strings.TrimSpace(b)))
}

func hasSpeaker(s Session, name string) bool {
	for _, sp := range s.Speakers {
		if sameName(sp.Name, name) {
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
