package app

import (
	"bytes"
	"context"
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/gofiber/fiber/v2"

	"folkhalsa-events/events"
	"folkhalsa-events/registration"
)

// Organiser pages for one event's participants: the list with its filters, counts and
// reach statistics (organiser_participants_view.go builds them), cancelling a
// registration (with a confirmation step, no JavaScript), filling free seats from the
// waiting list, the CSV for Excel, the caterer's and venue's needs summary, and
// invitation codes (organiser_participants_invitations.go). The JSON equivalents are in
// organiser_participants_api.go.
//
// Scope: every handler loads the event with scopedEvent (unknown or out of scope: 404),
// and a registration named in the path must belong to that event (else 404). Pages
// with personal data are never cached.

func orgParticipantsPath(eventID string) string { return orgEventPath(eventID) + "/participants" }

// partNotices are the confirmations ?notice= may name on the participant pages.
var partNotices = map[string]bool{"cancelled": true, "already": true, "promoted": true, "added": true, "saved": true,
	"marked": true, "unmarked": true, "not-marked": true}

func partNotice(c *fiber.Ctx) string {
	key := c.Query("notice")
	if !partNotices[key] {
		return ""
	}
	return tr(language(c), "part.notice."+key)
}

// noStore keeps personal data out of browser and proxy caches.
func noStore(c *fiber.Ctx) { c.Set(fiber.HeaderCacheControl, "no-store") }

// --- filters --------------------------------------------------------------------

// partFilterInput is the list's filters as given in the query string, on the page, the
// CSV and the API alike.
type partFilterInput struct {
	Status, Mode, Municipality, OrgType string
	// Attendance: "attended" (checked in on some day) or "no_show" (confirmed on site,
	// never checked in), once check-in was used.
	Attendance string
}

var partFilterOrder = []string{"status", "mode", "municipality", "org_type", "attendance"}

func partFilterOf(c *fiber.Ctx) partFilterInput {
	return partFilterInput{
		Status:       strings.TrimSpace(c.Query("status")),
		Mode:         strings.TrimSpace(c.Query("mode")),
		Municipality: strings.TrimSpace(c.Query("municipality")),
		OrgType:      strings.TrimSpace(c.Query("org_type")),
		Attendance:   strings.TrimSpace(c.Query("attendance")),
	}
}

// listFilter reads the filters. A value that is none of the choices is a problem of its
// field (a *events.ValidationError) and does not filter; a municipality is understood
// in any form LookupMunicipality knows and shown by its name.
func (in *partFilterInput) listFilter() (registration.ListFilter, error) {
	var v events.ValidationError
	var f registration.ListFilter
	if in.Status != "" {
		if _, ok := registration.StatusLabels[registration.Status(in.Status)]; ok {
			f.Status = registration.Status(in.Status)
		} else {
			partProblem(&v, "status")
		}
	}
	if in.Mode != "" {
		if m := events.Mode(in.Mode); m == events.ModeOnSite || m == events.ModeDigital {
			f.Mode = m
		} else {
			partProblem(&v, "mode")
		}
	}
	if in.Municipality != "" {
		if m, ok := events.LookupMunicipality(in.Municipality); ok {
			f.Municipality, in.Municipality = m.Name, m.Name
		} else {
			partProblem(&v, "municipality")
		}
	}
	if in.OrgType != "" {
		if partKnownOrgType(in.OrgType) {
			f.OrgType = registration.OrgType(in.OrgType)
		} else {
			partProblem(&v, "org_type")
		}
	}
	if in.Attendance != "" && in.Attendance != partAttended && in.Attendance != partNoShow {
		partProblem(&v, "attendance")
		in.Attendance = ""
	}
	return f, v.Err()
}

const (
	partAttended = "attended"
	partNoShow   = "no_show"
)

// attendanceFilter keeps the registrations of the chosen attendance.
func attendanceFilter(list []registration.Registration, attendance map[string][]string, want string) []registration.Registration {
	if want == "" {
		return list
	}
	out := []registration.Registration{}
	for _, r := range list {
		came := len(attendance[r.ID]) > 0
		if (want == partAttended && came) || (want == partNoShow && !came && noShowCandidate(r)) {
			out = append(out, r)
		}
	}
	return out
}

// noShowCandidate: someone expected at the door (confirmed, on site).
func noShowCandidate(r registration.Registration) bool {
	return r.Status == registration.StatusConfirmed && r.Mode == events.ModeOnSite
}

func partProblem(v *events.ValidationError, field string) {
	v.Add(field, "part.err."+field)
}

func partKnownOrgType(v string) bool {
	for _, o := range registration.OrgTypes {
		if string(o.Value) == v {
			return true
		}
	}
	return false
}

// partFilterQuery is the query string of an applied filter ("" when none).
func partFilterQuery(f registration.ListFilter, attendance string) string {
	q := url.Values{}
	for k, v := range map[string]string{"status": string(f.Status), "mode": string(f.Mode),
		"municipality": f.Municipality, "org_type": string(f.OrgType), "attendance": attendance} {
		if v != "" {
			q.Set(k, v)
		}
	}
	if len(q) == 0 {
		return ""
	}
	return "?" + q.Encode()
}

// partFilterForm is the GET form above the list, drawn with the shared form partials.
type partFilterForm struct {
	webForm
	In             partFilterInput
	Hybrid         bool     // the mode filter is offered only when people choose a mode
	Municipalities []string // the municipalities registrations come from
	CheckIn        bool     // check-in was used: the attendance filter is offered
}

func (f partFilterForm) Field(name string) webField {
	all := webOption{Value: "", Label: tr(f.Lang, "part.f.all")}
	switch name {
	case "status":
		opts := []webOption{all}
		for _, st := range []registration.Status{registration.StatusConfirmed, registration.StatusWaiting, registration.StatusCancelled} {
			opts = append(opts, webOption{Value: string(st), Label: registration.StatusLabels[st].In(f.Lang)})
		}
		return f.selectOne(name, "part.f.status", f.In.Status, opts)
	case "mode":
		opts := []webOption{all}
		for _, m := range []events.Mode{events.ModeOnSite, events.ModeDigital} {
			opts = append(opts, webOption{Value: string(m), Label: events.ModeLabels[m].In(f.Lang)})
		}
		return f.selectOne(name, "part.f.mode", f.In.Mode, opts)
	case "municipality":
		opts := []webOption{all}
		names := f.Municipalities
		if f.In.Municipality != "" && !slices.Contains(names, f.In.Municipality) {
			names = append(slices.Clone(names), f.In.Municipality)
		}
		for _, m := range names {
			opts = append(opts, webOption{Value: m, Label: m})
		}
		return f.selectOne(name, "part.f.municipality", f.In.Municipality, opts)
	case "org_type":
		opts := []webOption{all}
		for _, o := range registration.OrgTypes {
			opts = append(opts, webOption{Value: string(o.Value), Label: o.Label.In(f.Lang)})
		}
		return f.selectOne(name, "part.f.org_type", f.In.OrgType, opts)
	case "attendance":
		return f.selectOne(name, "part.f.attendance", f.In.Attendance, []webOption{all,
			{Value: partAttended, Label: tr(f.Lang, "part.f.attendance.attended")},
			{Value: partNoShow, Label: tr(f.Lang, "part.f.attendance.no_show")}})
	}
	panic("participant filter has no field " + name)
}

// Fields are the filters shown.
func (f partFilterForm) Fields() []webField {
	var out []webField
	for _, name := range partFilterOrder {
		if (name == "mode" && !f.Hybrid && f.In.Mode == "") || (name == "attendance" && !f.CheckIn && f.In.Attendance == "") {
			continue
		}
		out = append(out, f.Field(name))
	}
	return out
}

func (f partFilterForm) Summary() webSummary { return f.summary(f.Field, partFilterOrder) }

// --- the list -------------------------------------------------------------------

func (s *server) orgParticipants(c *fiber.Ctx) error {
	ev, err := s.scopedEvent(c)
	if err != nil {
		return err
	}
	ctx, lang := c.UserContext(), language(c)
	in := partFilterOf(c)
	filter, ferr := in.listFilter()
	form := partFilterForm{webForm: newWebForm(lang, orgParticipantsPath(ev.ID)), In: in, Hybrid: ev.Mode == events.ModeHybrid}
	if ferr != nil && !formInvalid(ferr, &form.webForm) {
		return ferr
	}
	d, err := s.readParticipants(ctx, ev, filter, in.Attendance)
	if err != nil {
		return err
	}
	form.Municipalities = partMunicipalities(d.All)
	form.CheckIn = len(d.Attendance) > 0
	rows, err := s.partRows(c, ev, d.List, d.Sessions, d.Attendance)
	if err != nil {
		return err
	}
	query := partFilterQuery(filter, in.Attendance)
	data := partListPage{
		Notice: partNotice(c), Event: ev, EventPath: orgEventPath(ev.ID), Path: orgParticipantsPath(ev.ID),
		CSVURL: orgParticipantsPath(ev.ID) + ".csv" + query, Filtered: query != "",
		Filter: form, Rows: rows, Total: len(d.All),
		Counts: partCountsOf(d.Counts, ev, lang), Reach: partReachOf(d.Counts, s.followup.MinCell(), lang),
		Published: ev.Status == events.StatusPublished, CheckIn: len(d.Attendance) > 0,
	}
	noStore(c)
	title := orgTitle(lang, tr(lang, "part.list.title")+" – "+ev.Title.In(lang), form.webForm)
	return s.orgRender(c, formStatus(form.webForm), "organiser/participants", title, data)
}

// partListData is what the participant page and its API show: every registration
// of the event, read once for the list, its filter choices and the counts.
type partListData struct {
	All, List  []registration.Registration // List: those the filter keeps
	Sessions   []events.Session
	Counts     registration.Counts
	Attendance map[string][]string // registration → days checked in (badges.Attendance); empty: check-in not used
}

func (s *server) readParticipants(ctx context.Context, ev events.Event, filter registration.ListFilter, attendance string) (partListData, error) {
	all, err := s.regs.List(ctx, ev.ID, registration.ListFilter{})
	if err != nil {
		return partListData{}, err
	}
	sessions, err := s.events.Sessions(ctx, ev.ID)
	if err != nil {
		return partListData{}, err
	}
	att, err := s.badges.Attendance(ctx, ev.ID)
	if err != nil {
		return partListData{}, err
	}
	return partListData{All: all, List: attendanceFilter(filter.Filter(all), att, attendance), Sessions: sessions,
		Counts: registration.Summarise(ev, sessions, all), Attendance: att}, nil
}

// --- cancelling and promoting ------------------------------------------------------

// scopedRegistration loads the event of the path and its registration :rid; a
// registration of another event is not found.
func (s *server) scopedRegistration(c *fiber.Ctx) (events.Event, registration.Registration, error) {
	ev, err := s.scopedEvent(c)
	if err != nil {
		return events.Event{}, registration.Registration{}, err
	}
	r, err := s.regs.Registration(c.UserContext(), c.Params("rid"))
	if err != nil {
		return events.Event{}, registration.Registration{}, err
	}
	if r.EventID != ev.ID {
		return events.Event{}, registration.Registration{}, registration.ErrNotFound
	}
	return ev, r, nil
}

func (s *server) orgCancelParticipant(c *fiber.Ctx) error {
	ev, r, err := s.scopedRegistration(c)
	if err != nil {
		return err
	}
	var in struct {
		Confirm string `form:"confirm"`
	}
	if err := bind(c, &in); err != nil {
		return err
	}
	back := orgParticipantsPath(ev.ID)
	if r.Status == registration.StatusCancelled {
		return orgDone(c, back, "already")
	}
	if in.Confirm != "yes" {
		lang := language(c)
		data := orgConfirmPage{
			Heading: fmt.Sprintf(tr(lang, "part.confirm.heading"), r.FullName()),
			Text:    fmt.Sprintf(tr(lang, "part.confirm.text"), r.FullName()),
			Button:  tr(lang, "part.confirm.button"),
			Action:  back + "/" + url.PathEscape(r.ID) + "/cancel",
			Hidden:  [][2]string{{"confirm", "yes"}},
			Event:   ev,
			BackURL: back,
		}
		noStore(c)
		return s.orgRender(c, fiber.StatusOK, "organiser/confirm", data.Heading, data)
	}
	if _, err := s.regs.CancelByOrganiser(c.UserContext(), r.ID); err != nil {
		return err
	}
	return orgDone(c, back, "cancelled")
}

func (s *server) orgPromoteParticipants(c *fiber.Ctx) error {
	ev, err := s.scopedEvent(c)
	if err != nil {
		return err
	}
	if err := s.regs.Promote(c.UserContext(), ev.ID); err != nil {
		return err
	}
	return orgDone(c, orgParticipantsPath(ev.ID), "promoted")
}

// --- CSV ------------------------------------------------------------------------

// participantsCSV is the (filtered) list for Excel, for the page and the API alike.
func (s *server) participantsCSV(c *fiber.Ctx) error {
	ev, err := s.scopedEvent(c)
	if err != nil {
		return err
	}
	in := partFilterOf(c)
	filter, err := in.listFilter()
	if err != nil {
		return err
	}
	d, err := s.readParticipants(c.UserContext(), ev, filter, in.Attendance)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	x := registration.CSVExtra{Sessions: d.Sessions, Questions: ev.Questions, Days: events.Days(ev), Attendance: d.Attendance}
	if err := registration.WriteCSV(&buf, d.List, x, language(c)); err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "text/csv; charset=utf-8")
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="deltagare-`+partFileSafe(ev.ID)+`.csv"`)
	noStore(c)
	return c.Send(buf.Bytes())
}

// partFileSafe keeps a file name to letters, digits and dashes.
func partFileSafe(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '-' || r == '_' || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9') {
			return r
		}
		return -1
	}, s)
}

// --- needs ----------------------------------------------------------------------

func (s *server) orgNeeds(c *fiber.Ctx) error {
	ev, err := s.scopedEvent(c)
	if err != nil {
		return err
	}
	lang := language(c)
	n, err := s.regs.Needs(c.UserContext(), ev.ID, ev.Questions, lang)
	if err != nil {
		return err
	}
	data := partNeedsOf(n, ev, lang)
	data.Compiled = orgDateTime(s.now(), lang)
	noStore(c)
	return s.orgRender(c, fiber.StatusOK, "organiser/needs", tr(lang, "part.needs.title")+" – "+ev.Title.In(lang), data)
}
