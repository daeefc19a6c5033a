package app

import (
	"encoding/base64"
	"errors"
	"fmt"
	"html/template"
	"net/url"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/skip2/go-qrcode"

	"folkhalsa-events/badges"
	"folkhalsa-events/events"
)

// Scanner links (organiser): an organiser creates a link for one event and station,
// valid for a time window; staff open it on a phone (from the QR code on the page)
// and need no account. The link's secret is stored only as a hash, so its address is
// shown once, right after it was created, and can never be shown again; a lost link
// is revoked and replaced.

func orgScannerLinksPath(eventID string) string { return orgEventPath(eventID) + "/scanner-links" }

// scannerLinkInput is the form (or JSON) for a new link. Times are Stockholm
// wall-clock ("2026-10-14T08:00", as <input type="datetime-local"> sends them) or RFC
// 3339; empty means from now, until the end of the event.
type scannerLinkInput struct {
	Station    string `json:"station" form:"station"`
	ValidFrom  string `json:"valid_from" form:"valid_from"`
	ValidUntil string `json:"valid_until" form:"valid_until"`
}

// linkDefaults are the times the form suggests: from now (to the minute) until the
// end of the event, or if that is past, for eight hours; never longer than a link may
// be valid (then it starts later, still ending with the event).
func linkDefaults(ev events.Event, now time.Time) (from, until time.Time) {
	from = now.In(events.Stockholm).Truncate(time.Minute)
	until = ev.End
	if !until.After(from) {
		until = from.Add(8 * time.Hour)
	}
	if until.Sub(from) > 14*24*time.Hour {
		from = until.Add(-14 * 24 * time.Hour)
	}
	return from, until
}

// linkInput reads the times of a new link; a time that cannot be read is a problem of
// its field.
func (in scannerLinkInput) linkInput(ev events.Event, now time.Time, v *events.ValidationError) badges.LinkInput {
	from, until := linkDefaults(ev, now)
	out := badges.LinkInput{Station: in.Station, ValidFrom: from, ValidUntil: until}
	read := func(field, raw string, into *time.Time) {
		if strings.TrimSpace(raw) == "" {
			return
		}
		t, err := events.ParseLocalTime(raw)
		if err != nil {
			v.Add(field, "app.err.datetime")
			*into = time.Time{}
			return
		}
		*into = t
	}
	read("valid_from", in.ValidFrom, &out.ValidFrom)
	read("valid_until", in.ValidUntil, &out.ValidUntil)
	return out
}

// createScannerLink validates and creates a link; problems come back as one
// *events.ValidationError listing every field's first problem.
func (s *server) createScannerLink(c *fiber.Ctx, ev events.Event, in scannerLinkInput) (badges.Link, string, error) {
	if ev.Status == events.StatusCancelled {
		return badges.Link{}, "", events.ErrCancelled
	}
	var v events.ValidationError
	li := in.linkInput(ev, s.now(), &v)
	link, token, err := s.badges.CreateLink(c.UserContext(), ev.ID, li)
	var ve *events.ValidationError
	if errors.As(err, &ve) {
		for _, p := range ve.Problems() {
			v.Add(p.Field, p.Key, p.Args...)
		}
		return badges.Link{}, "", v.Err()
	}
	if err != nil {
		return badges.Link{}, "", err
	}
	if v.Err() != nil { // cannot happen: an unreadable time is zero, which CreateLink rejects
		return badges.Link{}, "", v.Err()
	}
	return link, token, nil
}

// scannerURL is the address staff open: BASE_URL/scan/<token>.
func (s *server) scannerURL(token string) string {
	return strings.TrimRight(s.cfg.BaseURL.String(), "/") + scanPath(token)
}

// qrDataURL is a QR code of text as a PNG data: URL (the CSP allows img-src data:),
// 8 pixels per module with the quiet zone, so a phone reads it from a laptop screen.
func qrDataURL(text string) (string, error) {
	q, err := qrcode.New(text, qrcode.Medium)
	if err != nil {
		return "", fmt.Errorf("qr code: %w", err)
	}
	png, err := q.PNG(-8)
	if err != nil {
		return "", fmt.Errorf("qr code: %w", err)
	}
	return "data:image/png;base64," + base64.StdEncoding.EncodeToString(png), nil
}

// --- pages ---------------------------------------------------------------------------

type linkRow struct {
	Link  badges.Link
	State string // active, pending, expired, revoked
}

// newLink is a link just created: its address is shown this once.
type newLink struct {
	Link badges.Link
	URL  string
	QR   template.URL // data: URL of a PNG, made here (html/template would refuse a data: URL in a string)
}

type linksPage struct {
	Event  events.Event
	Path   string
	Notice string
	New    *newLink
	Rows   []linkRow
	Form   linkForm
}

type linkForm struct {
	webForm
	In scannerLinkInput
}

var linkFormOrder = []string{"station", "valid_from", "valid_until"}

func (f linkForm) Field(name string) webField {
	switch name {
	case "station":
		fl := required(f.input("text", name, "badge.f.station", f.In.Station))
		fl.Hint = tr(f.Lang, "badge.f.station.hint")
		return fl
	case "valid_from":
		return required(f.input("datetime-local", name, "badge.f.valid_from", f.In.ValidFrom))
	case "valid_until":
		fl := required(f.input("datetime-local", name, "badge.f.valid_until", f.In.ValidUntil))
		fl.Hint = tr(f.Lang, "badge.f.valid_until.hint")
		return fl
	}
	panic("scanner link form has no field " + name)
}

func (f linkForm) Fields(names ...string) []webField { return fieldList(f.Field, names) }
func (f linkForm) Summary() webSummary               { return f.summary(f.Field, linkFormOrder) }

func (s *server) newLinkForm(lang string, ev events.Event) linkForm {
	from, until := linkDefaults(ev, s.now())
	return linkForm{webForm: newWebForm(lang, orgScannerLinksPath(ev.ID)),
		In: scannerLinkInput{ValidFrom: orgLocalInput(from), ValidUntil: orgLocalInput(until)}}
}

// GET /organiser/events/:id/scanner-links
func (s *server) orgScannerLinks(c *fiber.Ctx) error {
	ev, err := s.scopedEvent(c)
	if err != nil {
		return err
	}
	p := linksPage{Form: s.newLinkForm(language(c), ev)}
	if c.Query("notice") == "link-revoked" {
		p.Notice = tr(language(c), "badge.notice.link-revoked")
	}
	return s.renderLinks(c, fiber.StatusOK, ev, p)
}

// POST /organiser/events/:id/scanner-links: the answer is the page itself, showing
// the new link's address and QR code this one time (a redirect would lose them).
func (s *server) orgCreateScannerLink(c *fiber.Ctx) error {
	ev, err := s.scopedEvent(c)
	if err != nil {
		return err
	}
	lang := language(c)
	f := linkForm{webForm: newWebForm(lang, orgScannerLinksPath(ev.ID))}
	if err := bind(c, &f.In); err != nil {
		return err
	}
	link, token, err := s.createScannerLink(c, ev, f.In)
	if formInvalid(err, &f.webForm) {
		return s.renderLinks(c, fiber.StatusUnprocessableEntity, ev, linksPage{Form: f})
	}
	if err != nil {
		return err
	}
	u := s.scannerURL(token)
	qr, err := qrDataURL(u)
	if err != nil {
		return err
	}
	p := linksPage{Form: s.newLinkForm(lang, ev), New: &newLink{Link: link, URL: u, QR: template.URL(qr)}, //nolint:gosec // our own PNG
		Notice: tr(lang, "badge.notice.link-created")}
	return s.renderLinks(c, fiber.StatusOK, ev, p)
}

// POST /organiser/events/:id/scanner-links/:lid/revoke
func (s *server) orgRevokeScannerLink(c *fiber.Ctx) error {
	ev, err := s.scopedEvent(c)
	if err != nil {
		return err
	}
	if err := s.badges.RevokeLink(c.UserContext(), ev.ID, c.Params("lid")); err != nil {
		return err
	}
	return c.Redirect(orgScannerLinksPath(ev.ID)+"?"+url.Values{"notice": {"link-revoked"}}.Encode(), fiber.StatusSeeOther)
}

func (s *server) renderLinks(c *fiber.Ctx, status int, ev events.Event, p linksPage) error {
	links, err := s.badges.Links(c.UserContext(), ev.ID)
	if err != nil {
		return err
	}
	now := s.now()
	// Newest first: the one just made, and the ones in use, are at the top.
	for i := len(links) - 1; i >= 0; i-- {
		p.Rows = append(p.Rows, linkRow{Link: links[i], State: linkState(links[i], now)})
	}
	p.Event, p.Path = ev, orgScannerLinksPath(ev.ID)
	lang := language(c)
	noStore(c)
	c.Status(status)
	return s.render(c, "organiser/scanner_links", page{Title: orgTitle(lang, tr(lang, "badge.links.title")+": "+ev.Title.In(lang), p.Form.webForm), Data: p})
}

func linkState(l badges.Link, now time.Time) string {
	switch {
	case l.Revoked():
		return "revoked"
	case now.Before(l.ValidFrom):
		return "pending"
	case !now.Before(l.ValidUntil):
		return "expired"
	}
	return "active"
}

// --- JSON ----------------------------------------------------------------------------

// apiLink is a link with its state.
type apiLink struct {
	badges.Link
	State string `json:"state"`
}

// GET /api/v1/events/:id/scanner-links
func (s *server) apiScannerLinks(c *fiber.Ctx) error {
	ev, err := s.scopedEvent(c)
	if err != nil {
		return err
	}
	links, err := s.badges.Links(c.UserContext(), ev.ID)
	if err != nil {
		return err
	}
	now := s.now()
	out := make([]apiLink, len(links))
	for i, l := range links {
		out[i] = apiLink{Link: l, State: linkState(l, now)}
	}
	noStore(c)
	return c.JSON(fiber.Map{"links": out})
}

// POST /api/v1/events/:id/scanner-links {station, valid_from, valid_until}: 201 with
// the link, its token and address (shown this once).
func (s *server) apiCreateScannerLink(c *fiber.Ctx) error {
	ev, err := s.scopedEvent(c)
	if err != nil {
		return err
	}
	var in scannerLinkInput
	if err := bind(c, &in); err != nil {
		return err
	}
	link, token, err := s.createScannerLink(c, ev, in)
	if err != nil {
		return err
	}
	noStore(c)
	return c.Status(fiber.StatusCreated).JSON(fiber.Map{
		"link": apiLink{Link: link, State: linkState(link, s.now())}, "token": token, "url": s.scannerURL(token),
	})
}

// POST /api/v1/events/:id/scanner-links/:lid/revoke
func (s *server) apiRevokeScannerLink(c *fiber.Ctx) error {
	ev, err := s.scopedEvent(c)
	if err != nil {
		return err
	}
	if err := s.badges.RevokeLink(c.UserContext(), ev.ID, c.Params("lid")); err != nil {
		return err
	}
	links, err := s.badges.Links(c.UserContext(), ev.ID)
	if err != nil {
		return err
	}
	for _, l := range links {
		if l.ID == c.Params("lid") {
			return c.JSON(fiber.Map{"link": apiLink{Link: l, State: linkState(l, s.now())}})
		}
	}
	return badges.ErrNotFound
}
