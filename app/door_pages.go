package app

import (
	"errors"
	"strings"

	"github.com/gofiber/fiber/v2"

	"folkhalsa-events/badges"
	"folkhalsa-events/events"
)

// The scanner page, /scan/:token: what on-site staff open on a phone, tablet or laptop
// from the organiser's scanner link. It works without JavaScript, as plain forms that
// post back to the page and get the same page with the result: a handheld scanner
// that types the code and Enter into the focused field is all a station needs. With
// JavaScript (static/scanner.js) the same forms go to the JSON API instead, the result
// shows without a reload with a sound, and the camera can read badges.

type scanPage struct {
	Link      badges.Link
	Event     events.Event
	Base      string // the page's path, where its forms post
	API       string // the JSON API's base path, for scanner.js
	Sessions  []webOption
	SessionID string
	Scope     string // what check-ins are for: the event or the workshop, in words
	CheckedIn int
	Expected  int
	Result    *scanView
	Undone    string // the confirmation after an undo
	Problem   string // a problem with what was sent (e.g. an empty code)
	Query     string
	Searched  bool
	Hits      []scanHit
}

// GET /scan/:token
func (s *server) scanPage(c *fiber.Ctx) error {
	link, err := s.scanLink(c)
	if err != nil {
		return s.scanDenied(c, err)
	}
	p, err := s.newScanPage(c, link, c.Query("session"))
	if err != nil {
		return err
	}
	if q := strings.TrimSpace(c.Query("q")); q != "" {
		if err := s.scanPageSearch(c, &p, q); err != nil {
			return err
		}
	}
	if err := s.scanPageFigures(c, &p); err != nil {
		return err
	}
	return s.renderScan(c, p.status(), p)
}

// status is 422 when the page shows a problem with what was sent.
func (p scanPage) status() int {
	if p.Problem != "" {
		return fiber.StatusUnprocessableEntity
	}
	return fiber.StatusOK
}

// scanPageInput is the scan form.
type scanPageInput struct {
	Code      string `form:"code" json:"code"`
	SessionID string `form:"session_id" json:"session_id"`
}

// POST /scan/:token: a scan without JavaScript (a keyboard-wedge scanner types the
// code and Enter into the focused field).
func (s *server) scanSubmit(c *fiber.Ctx) error {
	link, err := s.scanLink(c)
	if err != nil {
		return s.scanDenied(c, err)
	}
	var in scanPageInput
	if err := bind(c, &in); err != nil {
		return err
	}
	p, err := s.newScanPage(c, link, in.SessionID)
	if err != nil {
		return err
	}
	lang := language(c)
	if strings.TrimSpace(in.Code) == "" && p.Problem == "" {
		p.Problem = errScanCode.message(lang)
	}
	if p.Problem != "" {
		if err := s.scanPageFigures(c, &p); err != nil {
			return err
		}
		return s.renderScan(c, p.status(), p)
	}
	res, err := s.badges.Scan(c.UserContext(), link, in.Code, p.SessionID)
	if err != nil {
		return err
	}
	v := newScanView(res, lang)
	p.Result = &v
	p.CheckedIn, p.Expected = res.CheckedIn, res.Expected
	return s.renderScan(c, fiber.StatusOK, p)
}

// POST /scan/:token/manual: check in someone found by name.
func (s *server) scanManualSubmit(c *fiber.Ctx) error {
	link, err := s.scanLink(c)
	if err != nil {
		return s.scanDenied(c, err)
	}
	in, err := readCheckin(c)
	if err != nil {
		return err
	}
	p, err := s.newScanPage(c, link, in.SessionID)
	if err != nil {
		return err
	}
	if p.Problem == "" {
		in.SessionID = p.SessionID
		v, err := s.manualCheckIn(c, link, in)
		if err != nil {
			return err
		}
		p.Result = &v
	}
	if q := strings.TrimSpace(in.Query); q != "" {
		if err := s.scanPageSearch(c, &p, q); err != nil {
			return err
		}
	}
	if err := s.scanPageFigures(c, &p); err != nil {
		return err
	}
	return s.renderScan(c, p.status(), p)
}

// POST /scan/:token/undo: undo the last check-in (made by mistake).
func (s *server) scanUndoSubmit(c *fiber.Ctx) error {
	link, err := s.scanLink(c)
	if err != nil {
		return s.scanDenied(c, err)
	}
	in, err := readCheckin(c)
	if err != nil {
		return err
	}
	p, err := s.newScanPage(c, link, in.SessionID)
	if err != nil {
		return err
	}
	if p.Problem == "" {
		in.SessionID = p.SessionID
		if err := s.undoCheckIn(c, badges.ByLink(link), in); err != nil {
			return err
		}
		p.Undone = tr(language(c), "scan.undone")
	}
	if err := s.scanPageFigures(c, &p); err != nil {
		return err
	}
	return s.renderScan(c, p.status(), p)
}

// newScanPage loads the link's event and workshops; sessionID picks what check-ins
// are for. A session that is not a workshop of the event leaves the page on the event
// with Problem saying so, and the handlers then check no one in (422).
func (s *server) newScanPage(c *fiber.Ctx, link badges.Link, sessionID string) (scanPage, error) {
	ctx, lang := c.UserContext(), language(c)
	ev, err := s.events.Event(ctx, link.EventID)
	if err != nil {
		return scanPage{}, err
	}
	sessions, err := s.events.Sessions(ctx, ev.ID)
	if err != nil {
		return scanPage{}, err
	}
	token := c.Params("token")
	p := scanPage{Link: link, Event: ev, Base: scanPath(token), API: scanAPIPath(token), Scope: tr(lang, "scan.scope.event")}
	sessionID = strings.TrimSpace(sessionID)
	found := sessionID == ""
	ws := workshops(sessions)
	if len(ws) > 0 {
		p.Sessions = append(p.Sessions, webOption{Value: "", Label: tr(lang, "scan.scope.event"), Checked: sessionID == ""})
	}
	for _, se := range ws {
		label := events.Clock(se.Start) + "–" + events.Clock(se.End) + " " + se.Title.In(lang)
		if se.Room != "" {
			label += " (" + se.Room + ")"
		}
		selected := se.ID == sessionID
		if selected {
			found, p.SessionID, p.Scope = true, se.ID, se.Title.In(lang)
		}
		p.Sessions = append(p.Sessions, webOption{Value: se.ID, Label: label, Checked: selected})
	}
	if !found {
		// Shown on the page instead of an error page: the station can choose again.
		p.Problem = tr(lang, "scan.session.unknown")
		if len(p.Sessions) > 0 {
			p.Sessions[0].Checked = true
		}
	}
	return p, nil
}

// scanPageFigures fills in the scope's figures (checked in, expected).
func (s *server) scanPageFigures(c *fiber.Ctx, p *scanPage) error {
	st, err := s.badges.Stats(c.UserContext(), p.Event.ID, p.SessionID)
	if err != nil {
		return err
	}
	p.CheckedIn, p.Expected = st.CheckedIn, st.Expected
	return nil
}

func (s *server) scanPageSearch(c *fiber.Ctx, p *scanPage, q string) error {
	hits, err := s.scanSearch(c.UserContext(), p.Event.ID, q, language(c))
	if err != nil {
		return err
	}
	p.Query, p.Searched, p.Hits = q, true, hits
	return nil
}

func (s *server) renderScan(c *fiber.Ctx, status int, p scanPage) error {
	lang := language(c)
	title := tr(lang, "scan.title") + ": " + p.Link.Station
	if p.Result != nil {
		title = p.Result.Verdict + " – " + title
		if p.Result.Name != "" {
			title = p.Result.Verdict + ": " + p.Result.Name + " – " + tr(lang, "scan.title") + ": " + p.Link.Station
		}
	}
	c.Status(status)
	return s.render(c, "door/scan", page{Title: title, Data: p})
}

// scanDeniedPage explains, in both languages, why a scanner link does not open.
type scanDeniedPage struct {
	Status        int
	First, Second scanDeniedText // the page's language first
}

type scanDeniedText struct {
	Lang, Heading, Message string
}

// scanDenied answers a scanner page request whose link does not open: 404 for an
// unknown link, 403 for a revoked or expired one, with a page in both languages (the
// phone's language may not be the staff member's). Other errors go to the error handler.
func (s *server) scanDenied(c *fiber.Ctx, err error) error {
	var key string
	status := fiber.StatusForbidden
	switch {
	case errors.Is(err, errScanLinkUnknown):
		key, status = "unknown", fiber.StatusNotFound
	case errors.Is(err, badges.ErrLinkRevoked):
		key = "revoked"
	case errors.Is(err, badges.ErrLinkExpired):
		key = "expired"
	default:
		return err
	}
	text := func(lang string) scanDeniedText {
		return scanDeniedText{Lang: lang, Heading: tr(lang, "scan.denied.heading."+key), Message: tr(lang, "scan.denied.text."+key)}
	}
	p := scanDeniedPage{Status: status, First: text(langSV), Second: text(langEN)}
	if language(c) == langEN {
		p.First, p.Second = p.Second, p.First
	}
	c.Status(status)
	return s.render(c, "door/denied", page{Title: p.First.Heading, Data: p})
}
