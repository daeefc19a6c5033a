package app

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/gofiber/fiber/v2"

	"folkhalsa-events/badges"
	"folkhalsa-events/events"
	"folkhalsa-events/registration"
)

// What the scanner pages and their JSON share (door_pages.go, door_api.go) and the organiser's desk (organiser_checkin.go): the
// scanner link is the only key, so every request starts by authorising the token in
// the path; responses are never cached, indexed or named in Referer headers; a
// badges.ScanResult is shown with a verdict, a tone (green, amber, red) and a message
// in the station's language.

func scanPath(token string) string    { return "/scan/" + url.PathEscape(token) }
func scanAPIPath(token string) string { return "/api/v1/scan/" + url.PathEscape(token) }

var (
	errScanLinkUnknown = apiError{http.StatusNotFound, "scanner_link_not_found",
		"err.scanner_link_not_found"}
	errCheckinNotFound = apiError{http.StatusNotFound, "checkin_not_found",
		"err.checkin_not_found"}
	errScanCode = apiError{http.StatusUnprocessableEntity, "code_required",
		"err.code_required"}
)

// scanLink authorises the scanner token of the path. An unknown token is
// errScanLinkUnknown (404); a revoked or expired link is badges.ErrLinkRevoked or
// badges.ErrLinkExpired (403, see errorTable).
func (s *server) scanLink(c *fiber.Ctx) (badges.Link, error) {
	l, err := s.badges.Authorize(c.UserContext(), c.Params("token"))
	if errors.Is(err, badges.ErrNotFound) {
		return badges.Link{}, errScanLinkUnknown
	}
	return l, err
}

// workshops are the sessions of the event one checks in to separately: those with
// seat booking (registration.Bookable), in agenda order.
func workshops(sessions []events.Session) []events.Session {
	var out []events.Session
	for _, se := range sessions {
		if registration.Bookable(se) {
			out = append(out, se)
		}
	}
	return out
}

// scanSession checks a session id given for a check-in: "" is the event itself;
// anything else must be a workshop of the event (else a 422 on field).
func (s *server) scanSession(ctx context.Context, eventID, sessionID, field string) (events.Session, error) {
	sessionID = strings.TrimSpace(sessionID)
	if sessionID == "" {
		return events.Session{}, nil
	}
	sessions, err := s.events.Sessions(ctx, eventID)
	if err != nil {
		return events.Session{}, err
	}
	for _, se := range workshops(sessions) {
		if se.ID == sessionID {
			return se, nil
		}
	}
	var v events.ValidationError
	v.Add(field, "app.err.session")
	return events.Session{}, v.Err()
}

// scanView is a scan's result as the station shows it: the domain's ScanResult plus
// what the screen says about it.
type scanView struct {
	badges.ScanResult
	// Tone is the panel's colour: ok (green), warn (amber) or bad (red).
	Tone string `json:"tone"`
	// Verdict is the panel's headline ("Incheckad"); Message says what to do.
	Verdict string `json:"verdict"`
	Message string `json:"message"`
	// CategoryLabel and CheckedInClock are Category and CheckedInAt in words.
	CategoryLabel  string `json:"category_label,omitempty"`
	CheckedInClock string `json:"checked_in_clock,omitempty"`
}

var outcomeTones = map[badges.Outcome]string{
	badges.OutcomeOK:               "ok",
	badges.OutcomeAlreadyCheckedIn: "warn",
	badges.OutcomeWaitingList:      "warn",
	badges.OutcomeNoWorkshopSeat:   "warn",
	badges.OutcomeNotOnSite:        "warn",
	badges.OutcomeCancelled:        "bad",
	badges.OutcomeWrongEvent:       "bad",
	badges.OutcomeInvalid:          "bad",
}

func newScanView(res badges.ScanResult, lang string) scanView {
	v := scanView{ScanResult: res, Tone: outcomeTones[res.Outcome]}
	if v.Tone == "" {
		v.Tone = "bad"
	}
	key := "scan.outcome." + string(res.Outcome)
	if !badgeHasText(key) {
		key = "scan.outcome.invalid"
	}
	v.Verdict = tr(lang, key)
	if res.Category != "" {
		v.CategoryLabel = registration.LabelOf(registration.Categories, registration.Category(res.Category), lang)
	}
	if !res.CheckedInAt.IsZero() {
		v.CheckedInClock = events.Clock(res.CheckedInAt)
	}
	switch res.Outcome {
	case badges.OutcomeOK:
		v.Message = fmt.Sprintf(tr(lang, "scan.msg.ok"), res.Name)
	case badges.OutcomeAlreadyCheckedIn:
		v.Message = fmt.Sprintf(tr(lang, "scan.msg.already_checked_in"), res.Name, v.CheckedInClock, res.Station)
	default:
		v.Message = tr(lang, "scan.msg."+strings.TrimPrefix(key, "scan.outcome."))
	}
	return v
}

// scanHit is one person found by the scanner's or the dashboard's search.
type scanHit struct {
	RegistrationID string `json:"registration_id"`
	Name           string `json:"name"`
	Organisation   string `json:"organisation,omitempty"`
	Category       string `json:"category"`
	CategoryLabel  string `json:"category_label"`
	Status         string `json:"status"`
	OnSite         bool   `json:"on_site"`
	// State is the person's state in words: "Bekräftad", "På väntelistan", "Digitalt", …
	State          string `json:"state"`
	CheckedIn      bool   `json:"checked_in"`
	CheckedInClock string `json:"checked_in_clock,omitempty"`
	Station        string `json:"station,omitempty"`
	// CanCheckIn: confirmed, on site and not checked in at the event yet.
	CanCheckIn bool `json:"can_check_in"`
}

const scanSearchMin = 2 // characters a search needs, so one letter does not list everyone

func scanHits(hits []badges.SearchHit, lang string) []scanHit {
	out := make([]scanHit, 0, len(hits))
	for _, h := range hits {
		sh := scanHit{
			RegistrationID: h.RegistrationID, Name: h.FullName(), Organisation: h.Organisation,
			Category: string(h.Category), CategoryLabel: registration.LabelOf(registration.Categories, registration.Category(h.Category), lang),
			Status: string(h.Status), OnSite: h.OnSite, CheckedIn: h.CheckedIn, Station: h.Station,
		}
		if h.CheckedIn {
			sh.CheckedInClock = events.Clock(h.CheckedInAt)
		}
		switch {
		case h.Status == badges.StatusConfirmed && !h.OnSite:
			sh.State = tr(lang, "scan.state.digital")
		case h.Status == badges.StatusConfirmed:
			sh.State = tr(lang, "scan.state.confirmed")
		case h.Status == badges.StatusWaiting:
			sh.State = tr(lang, "scan.state.waiting")
		case h.Status == badges.StatusCancelled:
			sh.State = tr(lang, "scan.state.cancelled")
		default:
			sh.State = string(h.Status)
		}
		sh.CanCheckIn = h.Status == badges.StatusConfirmed && h.OnSite && !h.CheckedIn
		out = append(out, sh)
	}
	return out
}

// scanSearch runs a name search of the event for the door ("" or too short: nothing).
func (s *server) scanSearch(ctx context.Context, eventID, q, lang string) ([]scanHit, error) {
	if len([]rune(strings.TrimSpace(q))) < scanSearchMin {
		return []scanHit{}, nil
	}
	hits, err := s.badges.Search(ctx, eventID, q, 20)
	if err != nil {
		return nil, err
	}
	return scanHits(hits, lang), nil
}

// checkinInput is the body of a manual check-in or an undo, as a form or as JSON.
type checkinInput struct {
	RegistrationID string `json:"registration_id" form:"registration_id"`
	SessionID      string `json:"session_id" form:"session_id"`
	Query          string `json:"-" form:"q"` // the search to show again (pages)
}

// readCheckin reads the body of a manual check-in or undo: a registration id is
// required; the returned input has its ids trimmed. The session is checked by the
// caller (bindCheckin, or the door page, which shows a wrong session on the page).
func readCheckin(c *fiber.Ctx) (checkinInput, error) {
	var in checkinInput
	if err := bind(c, &in); err != nil {
		return in, err
	}
	in.RegistrationID, in.SessionID = strings.TrimSpace(in.RegistrationID), strings.TrimSpace(in.SessionID)
	if in.RegistrationID == "" {
		var v events.ValidationError
		v.Add("registration_id", "app.err.registration_id")
		return in, v.Err()
	}
	return in, nil
}

// bindCheckin reads a manual check-in or undo request for the event: the body, a
// registration id, and a session of the event (or none, for the whole event).
func (s *server) bindCheckin(c *fiber.Ctx, eventID string) (checkinInput, error) {
	in, err := readCheckin(c)
	if err != nil {
		return in, err
	}
	if _, err := s.scanSession(c.UserContext(), eventID, in.SessionID, "session_id"); err != nil {
		return in, err
	}
	return in, nil
}

// manualCheckIn checks in the person of in at the station of link (a door link or
// the organiser's desk) and words the result in the caller's language.
func (s *server) manualCheckIn(c *fiber.Ctx, link badges.Link, in checkinInput) (scanView, error) {
	res, err := s.badges.ManualCheckIn(c.UserContext(), link, in.RegistrationID, in.SessionID)
	if err != nil {
		return scanView{}, err
	}
	return newScanView(res, language(c)), nil
}

// undoCheckIn undoes the check-in of in; one that does not exist is a 404.
func (s *server) undoCheckIn(c *fiber.Ctx, by badges.Actor, in checkinInput) error {
	err := s.badges.Undo(c.UserContext(), by, in.RegistrationID, in.SessionID)
	if errors.Is(err, badges.ErrNotFound) {
		return errCheckinNotFound
	}
	return err
}
