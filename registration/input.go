package registration

import (
	"net/mail"
	"slices"
	"strings"

	"folkhalsa-events/events"
)

// Input is the registration form or JSON body. It is validated against the event
// (its mode and workshops) and never stored as is.
type Input struct {
	FirstName     string   `json:"first_name" form:"first_name"`
	LastName      string   `json:"last_name" form:"last_name"`
	Email         string   `json:"email" form:"email"`
	Organisation  string   `json:"organisation" form:"organisation"`
	OrgType       string   `json:"org_type" form:"org_type"`
	Municipality  string   `json:"municipality" form:"municipality"`
	Role          string   `json:"role" form:"role"`
	Mode          string   `json:"mode" form:"mode"`
	Diet          string   `json:"diet" form:"diet"`
	Accessibility string   `json:"accessibility" form:"accessibility"`
	Workshops     []string `json:"workshops" form:"workshops"`
	Gender        string   `json:"gender" form:"gender"`
	ListConsent   bool     `json:"list_consent" form:"list_consent"`
	PrivacyOK     bool     `json:"privacy_accepted" form:"privacy_accepted"`
	WaitlistOK    bool     `json:"waitlist_ok" form:"waitlist_ok"`
	Invitation    string   `json:"invitation_code" form:"invitation_code"`
	// Answers to the event's own questions, by question id (form fields "q_<id>").
	Answers map[string]AnswerValue `json:"answers" form:"-"`
	// Website is the honeypot: hidden from people, filled in by bots.
	Website string `json:"website" form:"website"`

	// byOrganiser: an organiser registers or edits on the person's behalf; the
	// questions they may not know the answers to (municipality, kind of organisation,
	// the event's own required questions) may stay empty, and no privacy consent is asked.
	byOrganiser bool
}

const (
	maxName   = 100
	maxText   = 200
	maxNotes  = 1000
	maxEmail  = 254
	maxChosen = 10
)

// details is the validated personal part of an Input.
type details struct {
	first, last, email, organisation string
	orgType                          OrgType
	municipality, county, role       string
	mode                             events.Mode
	diet, accessibility              string
	workshops                        []string
	gender                           Gender
	listConsent                      bool
	answers                          []Answer
}

// validate checks the input against the event and its agenda.
func (in Input) validate(ev events.Event, sessions []events.Session) (details, error) {
	var v events.ValidationError
	d := details{
		first:         events.CleanText(in.FirstName),
		last:          events.CleanText(in.LastName),
		email:         NormaliseEmail(in.Email),
		organisation:  events.CleanText(in.Organisation),
		orgType:       OrgType(strings.TrimSpace(in.OrgType)),
		role:          events.CleanText(in.Role),
		diet:          events.CleanMultiline(in.Diet),
		accessibility: events.CleanMultiline(in.Accessibility),
		gender:        Gender(strings.TrimSpace(in.Gender)),
		listConsent:   in.ListConsent,
	}
	events.RequireText(&v, "first_name", in.FirstName, maxName, "label.first_name")
	events.RequireText(&v, "last_name", in.LastName, maxName, "label.last_name")
	events.RequireText(&v, "organisation", in.Organisation, maxText, "label.organisation")
	events.LimitText(&v, "role", in.Role, maxText, "label.role")
	events.LimitText(&v, "diet", in.Diet, maxNotes, "label.diet")
	events.LimitText(&v, "accessibility", in.Accessibility, maxNotes, "label.accessibility")
	if !ValidEmail(in.Email) {
		v.Add("email", "reg.err.email")
	}
	if !known(OrgTypes, d.orgType) && !(in.byOrganiser && d.orgType == "") {
		v.Add("org_type", "reg.err.org_type")
	}
	if m, ok := events.LookupMunicipality(in.Municipality); ok {
		d.municipality, d.county = m.Name, m.County
	} else if strings.TrimSpace(in.Municipality) != "" {
		v.Add("municipality", "part.err.municipality")
	} else if !in.byOrganiser {
		v.Add("municipality", "reg.err.municipality")
	}
	if d.gender != "" && !known(Genders, d.gender) {
		v.Add("gender", "reg.err.gender")
	}
	if !in.PrivacyOK && !in.byOrganiser {
		v.Add("privacy_accepted", "reg.err.privacy_accepted")
	}

	switch ev.Mode {
	case events.ModeHybrid:
		d.mode = events.Mode(strings.TrimSpace(in.Mode))
		if d.mode != events.ModeOnSite && d.mode != events.ModeDigital {
			v.Add("mode", "reg.err.mode")
		}
	default:
		d.mode = ev.Mode
	}

	d.workshops = chosenWorkshops(&v, in.Workshops, sessions, d.mode)
	d.answers = answers(&v, in.Answers, ev.Questions, !in.byOrganiser)
	return d, v.Err()
}

// chosenWorkshops checks that each choice is a workshop of this event, that no two
// chosen workshops run at the same time, and that digital participants choose none
// (workshops are held on site).
func chosenWorkshops(v *events.ValidationError, ids []string, sessions []events.Session, mode events.Mode) []string {
	var chosen []events.Session
	for _, id := range ids {
		id = strings.TrimSpace(id)
		if id == "" || slices.ContainsFunc(chosen, func(s events.Session) bool { return s.ID == id }) {
			continue
		}
		i := slices.IndexFunc(sessions, func(s events.Session) bool { return s.ID == id })
		if i < 0 || !Bookable(sessions[i]) {
			v.Add("workshops", "reg.err.workshops")
			return nil
		}
		chosen = append(chosen, sessions[i])
	}
	if len(chosen) > maxChosen {
		v.Add("workshops", "reg.err.workshops.2")
		return nil
	}
	if len(chosen) > 0 && mode == events.ModeDigital {
		v.Add("workshops", "reg.err.workshops.3")
		return nil
	}
	for i, a := range chosen {
		for _, b := range chosen[i+1:] {
			if a.Start.Before(b.End) && b.Start.Before(a.End) {
				v.Add("workshops", "reg.err.workshops_overlap", a.Title, b.Title)
				return nil
			}
		}
	}
	out := make([]string, len(chosen))
	for i, s := range chosen {
		out[i] = s.ID
	}
	return out
}

// Bookable reports whether participants choose the session at registration: workshops.
func Bookable(s events.Session) bool { return s.Kind == events.KindWorkshop }

// NormaliseEmail is the form under which an address is unique per event.
func NormaliseEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// ValidEmail reports whether s is one plain e-mail address (no display name).
func ValidEmail(s string) bool {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > maxEmail || strings.ContainsAny(s, " <>\"") {
		return false
	}
	addr, err := mail.ParseAddress(s)
	if err != nil || addr.Address != s {
		return false
	}
	at := strings.LastIndex(s, "@")
	return at > 0 && strings.Contains(s[at+1:], ".")
}
