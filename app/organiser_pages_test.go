package app_test

import (
	"context"
	"errors"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"folkhalsa-events/app/apptest"
	"folkhalsa-events/events"
)

// The organiser pages are driven the way a browser without JavaScript drives them:
// GET a page, POST its form, follow the 303. Outcomes are checked in the store, in the
// redirects and in the HTML, and every page passes the same structural accessibility
// checks (one h1, headings in order, a label for every control, links to real ids).

type orgHarness struct {
	t     *testing.T
	s     *apptest.Server
	store *events.Store
}

func newOrgHarness(t *testing.T) *orgHarness {
	t.Helper()
	s := apptest.New(t)
	return &orgHarness{t: t, s: s, store: events.NewStore(s.DB)}
}

func (h *orgHarness) ctx() context.Context { return context.Background() }

// page GETs an organiser page as a browser, expects status and checks its structure.
func (h *orgHarness) page(path string, status int) string {
	h.t.Helper()
	r := h.s.Get(h.t, path, "Accept", "text/html")
	if r.Status != status {
		h.t.Fatalf("GET %s: %d, want %d\n%s", path, r.Status, status, mainOf(r.Text()))
	}
	if status == 200 {
		checkPage(h.t, path, r.Text())
	}
	return r.Text()
}

// post sends a form and expects status; for 303 it returns the Location, otherwise the body.
func (h *orgHarness) post(path string, form url.Values, status int) string {
	h.t.Helper()
	r := h.s.PostForm(h.t, path, form)
	if r.Status != status {
		h.t.Fatalf("POST %s: %d, want %d\n%s", path, r.Status, status, mainOf(r.Text()))
	}
	if status == 303 {
		return r.Header.Get("Location")
	}
	if strings.HasPrefix(r.Header.Get("Content-Type"), "text/html") && status != 404 && status != 409 {
		checkPage(h.t, "POST "+path, r.Text())
	}
	return r.Text()
}

func (h *orgHarness) createOrg(name string) events.Organisation {
	h.t.Helper()
	loc := h.post("/organiser/organisations", url.Values{
		"name": {name}, "kind": {"lansstyrelse"}, "county": {"Västerbottens län"},
	}, 303)
	if loc != "/organiser/?notice=org-created" {
		h.t.Fatalf("after creating an organisation: Location %q", loc)
	}
	orgs, err := h.store.Organisations(h.ctx())
	if err != nil {
		h.t.Fatal(err)
	}
	for _, o := range orgs {
		if o.Name == name {
			return o
		}
	}
	h.t.Fatalf("organisation %q not stored", name)
	return events.Organisation{}
}

func eventForm(orgID string, changes ...string) url.Values {
	f := url.Values{
		"org":              {orgID},
		"type":             {"conference"},
		"title_sv":         {"Folkhälsokonferensen 2026"},
		"title_en":         {"Public Health Conference 2026"},
		"description_sv":   {"Årets konferens om jämlik hälsa."},
		"start":            {"2026-10-14T09:00"},
		"end":              {"2026-10-14T16:00"},
		"mode":             {"hybrid"},
		"venue_name":       {"Folkets hus"},
		"venue_address":    {"Skolgatan 59"},
		"venue_city":       {"Umeå"},
		"municipality":     {"Umeå"},
		"online_url":       {"https://meet.example.se/konferens"},
		"capacity_on_site": {"120"},
		"capacity_digital": {""},
		"visibility":       {"public"},
		"target_areas":     {"1", "6"},
		"priority_areas":   {"God psykisk hälsa", "Friluftsliv"},
	}
	return with(f, changes...)
}

// with replaces fields: with(f, "title_sv", "X", "end", "...").
func with(f url.Values, changes ...string) url.Values {
	out := url.Values{}
	for k, v := range f {
		out[k] = slices.Clone(v)
	}
	for i := 0; i+1 < len(changes); i += 2 {
		out.Set(changes[i], changes[i+1])
	}
	return out
}

var eventLocation = regexp.MustCompile(`^/organiser/events/([a-z0-9-]+)\?notice=`)

func (h *orgHarness) createEvent(orgID string, changes ...string) events.Event {
	h.t.Helper()
	loc := h.post("/organiser/events", eventForm(orgID, changes...), 303)
	m := eventLocation.FindStringSubmatch(loc)
	if m == nil || !strings.HasSuffix(loc, "notice=event-created") {
		h.t.Fatalf("after creating an event: Location %q", loc)
	}
	ev, err := h.store.Event(h.ctx(), m[1])
	if err != nil {
		h.t.Fatalf("created event %s: %v", m[1], err)
	}
	return ev
}

func sessionForm(title, start, end, room string, changes ...string) url.Values {
	return with(url.Values{
		"title_sv": {title}, "start": {start}, "end": {end}, "room": {room}, "kind": {"workshop"},
		"seat_limit": {""}, "speakers_text": {""}, "description_sv": {""},
	}, changes...)
}

func TestOrganiserCreateEventAppearsOnDashboard(t *testing.T) {
	h := newOrgHarness(t)
	dash := h.page("/organiser/", 200)
	if !strings.Contains(dash, `href="/organiser/organisations/new"`) {
		t.Error("the dashboard must link to creating an organisation")
	}
	h.page("/organiser/organisations/new", 200)
	org := h.createOrg("Länsstyrelsen Västerbotten")
	if org.Kind != events.OrgLansstyrelse || org.County != "Västerbottens län" {
		t.Errorf("stored organisation: %+v", org)
	}
	dash = h.page("/organiser/?notice=org-created", 200)
	if n := notice(dash); n != "Organisationen är skapad." {
		t.Errorf("notice after creating an organisation: %q", n)
	}
	for _, want := range []string{"Länsstyrelsen Västerbotten", `href="/organiser/events/new?org=` + org.ID + `"`, `href="/organiser/organisations/` + org.ID + `"`} {
		if !strings.Contains(dash, want) {
			t.Errorf("dashboard lacks %q", want)
		}
	}
	// The organisation's own page has the rest: a new series, its work, its settings.
	home := h.page("/organiser/organisations/"+org.ID, 200)
	checkPage(t, "organisation page", home)
	for _, want := range []string{`href="/organiser/series/new?org=` + org.ID + `"`, `href="/organiser/organisations/` + org.ID + `/followup"`,
		`href="/organiser/organisations/` + org.ID + `/members"`} {
		if !strings.Contains(home, want) {
			t.Errorf("organisation page lacks %q", want)
		}
	}

	form := h.page("/organiser/events/new?org="+org.ID, 200)
	for _, want := range []string{`<input type="hidden" name="org" value="` + org.ID + `">`, `type="datetime-local"`,
		`<optgroup label="Västerbottens län">`, `<option value="network_meeting">Nätverksträff</option>`,
		`value="dialogue_visit">Kommundialog`, "Det tidiga livets villkor", `value="Suicidprevention"`} {
		if !strings.Contains(form, want) {
			t.Errorf("event form lacks %q", want)
		}
	}

	ev := h.createEvent(org.ID)
	if ev.Title.SV != "Folkhälsokonferensen 2026" || ev.Type != events.TypeConference || ev.Status != events.StatusDraft ||
		ev.Start.Format("2006-01-02 15:04 MST") != "2026-10-14 09:00 CEST" || ev.CapacityOnSite != 120 || ev.CapacityDigital != 0 ||
		ev.Municipality != "Umeå" || ev.County != "Västerbottens län" || ev.Mode != events.ModeHybrid ||
		!slices.Equal(ev.TargetAreas, []int{1, 6}) || !slices.Equal(ev.PriorityAreas, []string{"God psykisk hälsa", "Friluftsliv"}) {
		t.Errorf("stored event: %+v", ev)
	}

	overview := h.page("/organiser/events/"+ev.ID+"?notice=event-created", 200)
	if n := notice(overview); n != "Evenemanget är skapat som utkast." {
		t.Errorf("notice on the overview: %q", n)
	}
	for _, want := range []string{"Folkhälsokonferensen 2026", "Utkast", "ons 14 okt 2026 09:00–16:00", "6. Levnadsvanor"} {
		if !strings.Contains(overview, want) {
			t.Errorf("overview lacks %q", want)
		}
	}

	dash = h.page("/organiser/?show=drafts", 200)
	for _, want := range []string{`<a href="/organiser/events/` + ev.ID + `">Folkhälsokonferensen 2026</a>`,
		"ons 14 okt 2026 09:00–16:00", "Konferens", `org-badge-draft">Utkast`} {
		if !strings.Contains(dash, want) {
			t.Errorf("dashboard lacks %q", want)
		}
	}
}

func TestOrganiserInvalidEventFormKeepsInput(t *testing.T) {
	h := newOrgHarness(t)
	org := h.createOrg("Region Västerbotten")
	body := h.post("/organiser/events", eventForm(org.ID,
		"title_sv", "",
		"description_sv", "Beskrivningen <som> ska finnas kvar",
		"start", "2026-10-14T16:00", "end", "2026-10-14T09:00",
		"capacity_on_site", "40 st",
	), 422)

	doc := parse(t, body)
	summary := find(doc, func(n *html.Node) bool { return attr(n, "role") == "alert" })
	if summary == nil {
		t.Fatalf("no error summary:\n%s", mainOf(body))
	}
	if attr(summary, "tabindex") != "-1" {
		t.Error("the summary must be focusable (tabindex=-1)")
	}
	var links []string
	for _, a := range findAll(summary, tag("a")) {
		links = append(links, attr(a, "href"))
	}
	for _, want := range []string{"#title_sv", "#end", "#capacity_on_site"} {
		if !slices.Contains(links, want) {
			t.Errorf("summary links %v lack %s", links, want)
		}
	}
	if i, j := slices.Index(links, "#title_sv"), slices.Index(links, "#end"); i > j {
		t.Errorf("summary must follow the form's order: %v", links)
	}
	if summary != firstAfterH1(doc) {
		t.Error("the error summary must come right after the heading")
	}

	title := byID(doc, "title_sv")
	if attr(title, "aria-invalid") != "true" || !strings.Contains(attr(title, "aria-describedby"), "title_sv-error") {
		t.Errorf("title input not marked invalid: %v", title.Attr)
	}
	if e := byID(doc, "title_sv-error"); e == nil || !hasClass(e, "field-error") || text(e) != "Titel (svenska) måste anges." {
		t.Error("no error next to the title")
	}
	if e := byID(doc, "end-error"); e == nil || text(e) != "Slutet måste komma efter starten." {
		t.Error("no error next to the end")
	}
	if got := text(byID(doc, "description_sv")); got != "Beskrivningen <som> ska finnas kvar" {
		t.Errorf("typed description lost: %q", got)
	}
	kept := map[string]string{"capacity_on_site": "40 st", "start": "2026-10-14T16:00", "end": "2026-10-14T09:00",
		"title_en": "Public Health Conference 2026", "venue_name": "Folkets hus", "online_url": "https://meet.example.se/konferens"}
	for id, want := range kept {
		if got := attr(byID(doc, id), "value"); got != want {
			t.Errorf("%s: value %q, want %q", id, got, want)
		}
	}
	for _, id := range []string{"mode-3", "target_areas-1", "target_areas-6"} {
		if !hasAttr(byID(doc, id), "checked") {
			t.Errorf("%s is no longer checked", id)
		}
	}
	if !hasAttr(find(byID(doc, "municipality"), func(n *html.Node) bool { return attr(n, "value") == "Umeå" }), "selected") {
		t.Error("the chosen municipality is no longer selected")
	}
	if got := attr(byID(doc, "priority_other"), "value"); got != "Friluftsliv" {
		t.Errorf("own priority areas: %q", got)
	}
	if !strings.Contains(body, "<title>Fel: ") {
		t.Error("the title must say the page has errors")
	}

	list, err := h.store.ListEvents(h.ctx(), events.EventFilter{})
	if err != nil || list.Total != 0 {
		t.Errorf("an invalid form stored something: %v %d", err, list.Total)
	}

	// Without an organisation the form asks for one instead of failing.
	body = h.post("/organiser/events", eventForm("", "title_sv", ""), 422)
	if !strings.Contains(body, `href="#org"`) || !strings.Contains(body, `<select id="org" name="org"`) {
		t.Errorf("missing organisation not asked for:\n%s", mainOf(body))
	}
	h.post("/organiser/events", eventForm("no-such-org"), 404)
}

func TestOrganiserAgendaSessions(t *testing.T) {
	h := newOrgHarness(t)
	org := h.createOrg("Umeå kommun")
	ev := h.createEvent(org.ID)
	path := "/organiser/events/" + ev.ID

	overview := h.page(path, 200)
	doc := parse(t, overview)
	if got := attr(byID(doc, "start"), "value"); got != "2026-10-14T09:00" {
		t.Errorf("the add form's start is not prefilled with the event's: %q", got)
	}

	add := func(form url.Values) {
		t.Helper()
		if loc := h.post(path+"/sessions", form, 303); loc != path+"?notice=session-added" {
			t.Fatalf("after adding a session: Location %q", loc)
		}
	}
	add(sessionForm("Inledning", "2026-10-14T09:00", "2026-10-14T10:00", "Stora salen", "kind", "plenary",
		"speakers_text", "Anna Berg, folkhälsostrateg, Region Västerbotten\nCarl Dahl"))
	add(sessionForm("Workshop A", "2026-10-14T10:15", "2026-10-14T11:30", "Rum A", "seat_limit", "25",
		"speakers_text", "Bo Ek, forskare, Umeå universitet", "target_areas", "6"))
	add(sessionForm("Workshop B", "2026-10-14T10:15", "2026-10-14T11:00", "Rum B"))

	sessions, err := h.store.Sessions(h.ctx(), ev.ID)
	if err != nil || len(sessions) != 3 {
		t.Fatalf("sessions: %v %d", err, len(sessions))
	}
	if s := sessions[0]; s.Kind != events.KindPlenary || len(s.Speakers) != 2 ||
		s.Speakers[0] != (events.Speaker{Name: "Anna Berg", Title: "folkhälsostrateg", Organisation: "Region Västerbotten"}) {
		t.Errorf("first session: %+v", s)
	}
	if s := sessions[1]; s.SeatLimit != 25 || !slices.Equal(s.TargetAreas, []int{6}) {
		t.Errorf("workshop A: %+v", s)
	}

	overview = h.page(path+"?notice=session-added", 200)
	doc = parse(t, overview)
	if n := notice(overview); n != "Programpunkten är tillagd." {
		t.Errorf("notice: %q", n)
	}
	// Parallel sessions share one slot, side by side.
	var parallel *html.Node
	for _, slot := range findAll(doc, hasClassFn("slot")) {
		if strings.Contains(text(slot), "Workshop A") {
			parallel = slot
		}
	}
	if parallel == nil || !strings.Contains(text(parallel), "Workshop B") || !strings.Contains(text(parallel), "10:15–11:30") ||
		len(findAll(parallel, hasClassFn("org-session"))) != 2 || !strings.Contains(text(parallel), "2 parallella") {
		t.Errorf("parallel workshops are not in one slot:\n%s", mainOf(overview))
	}
	if got := attr(byID(doc, "start"), "value"); got != "2026-10-14T11:30" {
		t.Errorf("the next session should start where the agenda ends: %q", got)
	}
	if !strings.Contains(text(doc), "Anna Berg, folkhälsostrateg, Region Västerbotten") {
		t.Error("speakers are not shown")
	}

	// A room clash names both sessions and keeps what was typed.
	body := h.post(path+"/sessions", sessionForm("Krock i rum A", "2026-10-14T11:00", "2026-10-14T12:00", "Rum A",
		"description_sv", "Kvar efter felet"), 422)
	doc = parse(t, body)
	roomErr := text(byID(doc, "room-error"))
	if !strings.Contains(roomErr, "Workshop A") || !strings.Contains(roomErr, "Krock i rum A") {
		t.Errorf("room clash message %q must name both sessions", roomErr)
	}
	if !hasLink(doc, "#room") || attr(byID(doc, "room"), "aria-invalid") != "true" {
		t.Error("room clash not linked from the summary or not marked on the field")
	}
	if attr(byID(doc, "title_sv"), "value") != "Krock i rum A" || text(byID(doc, "description_sv")) != "Kvar efter felet" {
		t.Error("typed session values lost")
	}

	// So does a speaker clash.
	body = h.post(path+"/sessions", sessionForm("Panel", "2026-10-14T11:00", "2026-10-14T12:00", "Rum C",
		"speakers_text", "Bo Ek, forskare"), 422)
	doc = parse(t, body)
	speakerErr := text(byID(doc, "speakers_text-error"))
	if !strings.Contains(speakerErr, "Bo Ek") || !strings.Contains(speakerErr, "Workshop A") || !strings.Contains(speakerErr, "Panel") {
		t.Errorf("speaker clash message %q must name the speaker and both sessions", speakerErr)
	}
	if !hasLink(doc, "#speakers_text") || text(byID(doc, "speakers_text")) != "Bo Ek, forskare" {
		t.Error("speaker clash not linked, or the typed speakers lost")
	}

	// A session outside the event; a seat limit that is not a number, with what was typed kept.
	body = h.post(path+"/sessions", sessionForm("Kväll", "2026-10-14T18:00", "2026-10-14T19:00", ""), 422)
	if doc := parse(t, body); !hasLink(doc, "#start") || !strings.Contains(text(byID(doc, "start-error")), "inom evenemanget") {
		t.Errorf("session outside the event not reported:\n%s", mainOf(body))
	}
	body = h.post(path+"/sessions", sessionForm("", "2026-10-14T13:00", "2026-10-14T14:00", "", "seat_limit", "tjugo"), 422)
	if doc := parse(t, body); !hasLink(doc, "#seat_limit") || !hasLink(doc, "#title_sv") || attr(byID(doc, "seat_limit"), "value") != "tjugo" {
		t.Errorf("bad number not reported together with the other problems:\n%s", mainOf(body))
	}

	if sessions, _ := h.store.Sessions(h.ctx(), ev.ID); len(sessions) != 3 {
		t.Errorf("rejected sessions were stored: %d", len(sessions))
	}
}

func TestOrganiserEditPublishCancelDelete(t *testing.T) {
	h := newOrgHarness(t)
	org := h.createOrg("Region Västerbotten")
	ev := h.createEvent(org.ID)
	path := "/organiser/events/" + ev.ID

	// Edit the event: the form starts from what is stored.
	edit := parse(t, h.page(path+"/edit", 200))
	if attr(byID(edit, "title_sv"), "value") != "Folkhälsokonferensen 2026" || attr(byID(edit, "start"), "value") != "2026-10-14T09:00" ||
		attr(byID(edit, "capacity_on_site"), "value") != "120" || !hasAttr(byID(edit, "target_areas-6"), "checked") ||
		attr(find(edit, tag("form")), "action") != path {
		t.Error("edit form does not show the stored event")
	}
	loc := h.post(path, eventForm("", "title_sv", "Folkhälsokonferensen 2026 – jämlik hälsa", "capacity_on_site", "150"), 303)
	if loc != path+"?notice=event-saved" {
		t.Errorf("after saving: Location %q", loc)
	}
	saved, _ := h.store.Event(h.ctx(), ev.ID)
	if saved.Title.SV != "Folkhälsokonferensen 2026 – jämlik hälsa" || saved.CapacityOnSite != 150 || saved.Sequence != ev.Sequence+1 {
		t.Errorf("event not updated: %+v", saved)
	}
	h.post(path, eventForm("", "title_sv", " "), 422)
	if again, _ := h.store.Event(h.ctx(), ev.ID); again.Title.SV != saved.Title.SV {
		t.Error("an invalid edit changed the event")
	}

	// Edit a session.
	h.post(path+"/sessions", sessionForm("Inledning", "2026-10-14T09:00", "2026-10-14T10:00", "Stora salen",
		"speakers_text", "Anna Berg, folkhälsostrateg, Region Västerbotten"), 303)
	sessions, _ := h.store.Sessions(h.ctx(), ev.ID)
	sid := sessions[0].ID
	sedit := parse(t, h.page(path+"/sessions/"+sid+"/edit", 200))
	if text(byID(sedit, "speakers_text")) != "Anna Berg, folkhälsostrateg, Region Västerbotten" || attr(byID(sedit, "room"), "value") != "Stora salen" {
		t.Error("session edit form does not show the stored session")
	}
	loc = h.post(path+"/sessions/"+sid, sessionForm("Välkommen", "2026-10-14T09:00", "2026-10-14T09:30", "Stora salen", "kind", "plenary"), 303)
	if loc != path+"?notice=session-saved" {
		t.Errorf("after saving a session: Location %q", loc)
	}
	if se, _ := h.store.Session(h.ctx(), ev.ID, sid); se.Title.SV != "Välkommen" || se.End.Format("15:04") != "09:30" || len(se.Speakers) != 0 {
		t.Errorf("session not updated: %+v", se)
	}
	h.post(path+"/sessions/"+sid, sessionForm("", "2026-10-14T09:00", "2026-10-14T09:30", ""), 422)

	// A draft is not public; publishing makes it so.
	if r := h.s.Get(t, "/api/v1/public/events/"+ev.ID); r.Status != 404 {
		t.Errorf("draft on the public API: %d", r.Status)
	}
	if loc := h.post(path+"/status", url.Values{"status": {"published"}}, 303); loc != path+"?notice=published" {
		t.Errorf("after publishing: Location %q", loc)
	}
	if r := h.s.Get(t, "/api/v1/public/events/"+ev.ID); r.Status != 200 || !strings.Contains(r.Text(), "jämlik hälsa") {
		t.Errorf("published event on the public API: %d", r.Status)
	}
	overview := h.page(path+"?notice=published", 200)
	for _, want := range []string{"Evenemanget är publicerat.", `href="/events/` + ev.ID + `/programme.pdf"`, `href="/events/` + ev.ID + `/event.ics"`, "Avpublicera"} {
		if !strings.Contains(overview, want) {
			t.Errorf("published overview lacks %q", want)
		}
	}

	// Cancelling asks first.
	confirm := h.post(path+"/status", url.Values{"status": {"cancelled"}}, 200)
	if !strings.Contains(confirm, "Vill du ställa in evenemanget?") || !strings.Contains(confirm, `name="confirm" value="yes"`) {
		t.Errorf("no confirmation step:\n%s", mainOf(confirm))
	}
	if still, _ := h.store.Event(h.ctx(), ev.ID); still.Status != events.StatusPublished {
		t.Error("cancelled without confirmation")
	}
	h.post(path+"/status", url.Values{"status": {"cancelled"}, "confirm": {"yes"}}, 303)
	if cancelled, _ := h.store.Event(h.ctx(), ev.ID); cancelled.Status != events.StatusCancelled {
		t.Errorf("status after cancelling: %s", cancelled.Status)
	}
	overview = h.page(path, 200)
	if strings.Contains(overview, `action="`+path+`/sessions"`) || strings.Contains(overview, path+"/edit") {
		t.Error("a cancelled event still offers changes")
	}
	h.page(path+"/edit", 409)
	h.post(path+"/delete", url.Values{"confirm": {"yes"}}, 409)

	// Deleting a draft asks first, then removes it with its agenda.
	draft := h.createEvent(org.ID, "title_sv", "Utkast som ska bort")
	dpath := "/organiser/events/" + draft.ID
	h.post(dpath+"/sessions", sessionForm("Punkt", "2026-10-14T09:00", "2026-10-14T10:00", ""), 303)
	confirm = h.post(dpath+"/delete", url.Values{}, 200)
	if !strings.Contains(confirm, "Vill du ta bort utkastet?") {
		t.Errorf("no confirmation step for deleting:\n%s", mainOf(confirm))
	}
	if loc := h.post(dpath+"/delete", url.Values{"confirm": {"yes"}}, 303); loc != "/organiser/?notice=event-deleted" {
		t.Errorf("after deleting: Location %q", loc)
	}
	if _, err := h.store.Event(h.ctx(), draft.ID); !errors.Is(err, events.ErrNotFound) {
		t.Errorf("deleted draft still there: %v", err)
	}
	h.page(dpath, 404)

	// Removing a session.
	other := h.createEvent(org.ID)
	opath := "/organiser/events/" + other.ID
	h.post(opath+"/sessions", sessionForm("Punkt", "2026-10-14T09:00", "2026-10-14T10:00", ""), 303)
	ss, _ := h.store.Sessions(h.ctx(), other.ID)
	if loc := h.post(opath+"/sessions/"+ss[0].ID+"/delete", url.Values{}, 303); loc != opath+"?notice=session-deleted" {
		t.Errorf("after removing a session: Location %q", loc)
	}
	if ss, _ := h.store.Sessions(h.ctx(), other.ID); len(ss) != 0 {
		t.Error("session not removed")
	}
	h.post(opath+"/sessions/"+ss[0].ID+"/delete", url.Values{}, 404)
	h.page(opath+"/sessions/nope/edit", 404)
}

func TestOrganiserMonthlySeries(t *testing.T) {
	h := newOrgHarness(t)
	org := h.createOrg("Länsstyrelsen Västerbotten")
	form := parse(t, h.page("/organiser/series/new?org="+org.ID, 200))
	var weekdays []string
	for _, o := range findAll(byID(form, "weekday"), tag("option")) {
		weekdays = append(weekdays, attr(o, "value")+"="+text(o))
	}
	if strings.Join(weekdays, " ") != "1=måndag 2=tisdag 3=onsdag 4=torsdag 5=fredag 6=lördag 0=söndag" {
		t.Errorf("weekday options: %v", weekdays)
	}

	series := url.Values{
		"org": {org.ID}, "type": {"network_meeting"}, "title_sv": {"Nätverket för folkhälsosamordnare"},
		"freq": {"monthly"}, "interval": {"1"}, "ordinal": {"1"}, "weekday": {"2"},
		"start_date": {"2026-01-01"}, "start_time": {"09:00"}, "end_time": {"11:30"},
		"mode": {"digital"}, "visibility": {"public"}, "target_areas": {"7"},
	}
	body := h.post("/organiser/series", with(series, "freq", "", "end_time", "08:00", "interval", "varje"), 422)
	doc := parse(t, body)
	for _, id := range []string{"#freq", "#end_time", "#interval"} {
		if !hasLink(doc, id) {
			t.Errorf("series form problems lack a link to %s", id)
		}
	}
	if attr(byID(doc, "title_sv"), "value") != "Nätverket för folkhälsosamordnare" || attr(byID(doc, "interval"), "value") != "varje" {
		t.Error("typed series values lost")
	}

	loc := h.post("/organiser/series", series, 303)
	m := regexp.MustCompile(`^/organiser/series/([a-z0-9]+)\?notice=series-created$`).FindStringSubmatch(loc)
	if m == nil {
		t.Fatalf("after creating a series: Location %q", loc)
	}
	path := "/organiser/series/" + m[1]
	page := h.page(path, 200)
	for _, want := range []string{"Varje månad, första tisdagen, 09:00–11:30", `href="/series/` + m[1] + `/feed.ics"`, "Inga tillfällen"} {
		if !strings.Contains(page, want) {
			t.Errorf("series page lacks %q", want)
		}
	}

	body = h.post(path+"/generate", url.Values{"until": {"30/6 2026"}}, 422)
	if doc := parse(t, body); !hasLink(doc, "#until") || attr(byID(doc, "until"), "value") != "30/6 2026" {
		t.Errorf("bad until not reported:\n%s", mainOf(body))
	}

	// First the dates that would be made, and nothing made yet.
	preview := h.post(path+"/generate", url.Values{"until": {"2026-06-30"}}, 200)
	for _, want := range []string{"6 nya tillfällen skapas som utkast:", "tisdag 6 januari 2026", "tisdag 2 juni 2026", "Skapa 6 utkast"} {
		if !strings.Contains(preview, want) {
			t.Errorf("the preview lacks %q:\n%s", want, mainOf(preview))
		}
	}
	dry := h.s.SendJSON(t, "POST", "/api/v1/series/"+m[1]+"/generate", map[string]any{"until": "2026-06-30", "dry_run": true})
	var out struct{ Dates []string }
	dry.JSON(t, &out)
	if dry.Status != 200 || len(out.Dates) != 6 || out.Dates[0] != "2026-01-06" {
		t.Errorf("a dry run through the API: %d %s", dry.Status, dry.Body)
	}
	if list, _ := h.store.ListEvents(h.ctx(), events.EventFilter{SeriesID: m[1]}); list.Total != 0 {
		t.Fatalf("the preview made %d occurrences", list.Total)
	}
	loc = h.post(path+"/generate", url.Values{"until": {"2026-06-30"}, "confirm": {"yes"}}, 303)
	if loc != path+"?count=6&notice=generated" {
		t.Errorf("after generating: Location %q", loc)
	}
	list, err := h.store.ListEvents(h.ctx(), events.EventFilter{SeriesID: m[1]})
	if err != nil {
		t.Fatal(err)
	}
	var dates []string
	for _, ev := range list.Events {
		dates = append(dates, ev.Start.Format("2006-01-02 15:04 Mon"))
		if ev.Status != events.StatusDraft || ev.OrgID != org.ID || ev.Title.SV != "Nätverket för folkhälsosamordnare" {
			t.Errorf("occurrence: %+v", ev)
		}
	}
	want := []string{"2026-01-06 09:00 Tue", "2026-02-03 09:00 Tue", "2026-03-03 09:00 Tue", "2026-04-07 09:00 Tue", "2026-05-05 09:00 Tue", "2026-06-02 09:00 Tue"}
	if !slices.Equal(dates, want) {
		t.Errorf("occurrences %v, want %v", dates, want)
	}
	page = h.page(loc, 200)
	if n := notice(page); n != "6 nya tillfällen skapades." {
		t.Errorf("notice: %q", n)
	}
	if strings.Count(page, `org-badge-draft">Utkast`) != 6 || !strings.Contains(page, `href="/organiser/events/`+list.Events[0].ID+`"`) {
		t.Error("the series page does not list its occurrences")
	}
	// Generating again creates nothing new.
	if again := h.post(path+"/generate", url.Values{"until": {"2026-06-30"}}, 200); !strings.Contains(again, "inga nya tillfällen") {
		t.Errorf("the preview after generating: %s", mainOf(again))
	}
	if loc := h.post(path+"/generate", url.Values{"until": {"2026-06-30"}, "confirm": {"yes"}}, 303); !strings.Contains(loc, "count=0") {
		t.Errorf("generating twice: %q", loc)
	}
	dash := h.page("/organiser/", 200)
	if !strings.Contains(dash, `href="`+path+`"`) || !strings.Contains(dash, "Varje månad, första tisdagen") {
		t.Error("the dashboard does not list the series")
	}
}

// The series page says the rule in words.
func TestOrganiserSeriesRuleInWords(t *testing.T) {
	h := newOrgHarness(t)
	org := h.createOrg("Region Västerbotten")
	cases := []struct{ freq, interval, ordinal, weekday, start, lang, want string }{
		{"monthly", "1", "0", "1", "2026-01-21", "sv", "Varje månad, den 21:a, 09:00–11:30"},
		{"monthly", "3", "0", "1", "2026-01-13", "en", "Every 3 months, on day 13, 09:00–11:30"},
		{"monthly", "1", "-1", "4", "2026-01-01", "sv", "Varje månad, sista torsdagen, 09:00–11:30"},
		{"monthly", "1", "2", "3", "2026-01-01", "en", "Every month, the second Wednesday, 09:00–11:30"},
		{"weekly", "2", "0", "0", "2026-01-13", "sv", "Varannan vecka, tisdagar, 09:00–11:30"},
		{"yearly", "1", "0", "0", "2026-10-14", "sv", "Varje år, 14 oktober, 09:00–11:30"},
		{"yearly", "1", "0", "0", "2026-10-14", "en", "Every year, 14 October, 09:00–11:30"},
	}
	for _, tc := range cases {
		loc := h.post("/organiser/series", url.Values{"org": {org.ID}, "type": {"network_meeting"}, "title_sv": {"Nätverk"},
			"freq": {tc.freq}, "interval": {tc.interval}, "ordinal": {tc.ordinal}, "weekday": {tc.weekday},
			"start_date": {tc.start}, "start_time": {"09:00"}, "end_time": {"11:30"}, "mode": {"digital"}}, 303)
		page := h.page(strings.Split(loc, "?")[0]+"?lang="+tc.lang, 200)
		if !strings.Contains(page, tc.want) {
			t.Errorf("%+v: page does not say %q", tc, tc.want)
		}
	}
}

func TestOrganiserPagesInEnglish(t *testing.T) {
	h := newOrgHarness(t)
	org := h.createOrg("Region Västerbotten")
	ev := h.createEvent(org.ID)

	form := h.page("/organiser/events/new?org="+org.ID+"&lang=en", 200)
	for _, want := range []string{`<html lang="en">`, "<h1>New event</h1>", "Title in Swedish", ">Conference</option>",
		">Network meeting</option>", "Conditions in early life", "On site", "(required)"} {
		if !strings.Contains(form, want) {
			t.Errorf("English event form lacks %q", want)
		}
	}
	body := h.post("/organiser/events?lang=en", eventForm(org.ID, "title_sv", ""), 422)
	if !strings.Contains(body, "Title (Swedish) is required.") || !strings.Contains(body, "There is a problem with the form") {
		t.Errorf("English problems:\n%s", mainOf(body))
	}
	overview := h.page("/organiser/events/"+ev.ID+"?lang=en&notice=event-created", 200)
	for _, want := range []string{"Wed 14 Oct 2026 09:00–16:00", "Public Health Conference 2026", "Draft", "Add a session", "The event has been created as a draft."} {
		if !strings.Contains(overview, want) {
			t.Errorf("English overview lacks %q", want)
		}
	}
	dash := h.page("/organiser/?lang=en", 200)
	if !strings.Contains(dash, "<h1>Organiser pages</h1>") || !strings.Contains(dash, "County administrative board") {
		t.Error("English dashboard")
	}
	series := h.page("/organiser/series/new?org="+org.ID+"&lang=en", 200)
	for _, want := range []string{"Tuesday", "Monthly", "last"} {
		if !strings.Contains(series, want) {
			t.Errorf("English series form lacks %q", want)
		}
	}
}

// Every organiser page, in both languages, with and without problems shown.
func TestOrganiserPagesStructure(t *testing.T) {
	h := newOrgHarness(t)
	h.page("/organiser/", 200) // no organisation yet
	org := h.createOrg("Umeå kommun")
	ev := h.createEvent(org.ID)
	h.post("/organiser/events/"+ev.ID+"/sessions", sessionForm("Inledning", "2026-10-14T09:00", "2026-10-14T10:00", "A"), 303)
	h.post("/organiser/events/"+ev.ID+"/sessions", sessionForm("Parallell", "2026-10-14T09:00", "2026-10-14T10:00", "B"), 303)
	sessions, _ := h.store.Sessions(h.ctx(), ev.ID)
	loc := h.post("/organiser/series", url.Values{"org": {org.ID}, "type": {"seminar"}, "title_sv": {"Seminarier"}, "freq": {"weekly"},
		"start_date": {"2026-09-01"}, "start_time": {"13:00"}, "end_time": {"15:00"}, "venue_name": {"Stadshuset"}}, 303)
	seriesPath := strings.Split(loc, "?")[0]
	h.post(seriesPath+"/generate", url.Values{"until": {"2026-09-30"}, "confirm": {"yes"}}, 303)

	pages := []string{
		"/organiser/", "/organiser/organisations/new", "/organiser/events/new?org=" + org.ID, "/organiser/events/new",
		"/organiser/events/" + ev.ID, "/organiser/events/" + ev.ID + "/edit",
		"/organiser/events/" + ev.ID + "/sessions/" + sessions[0].ID + "/edit",
		"/organiser/series/new?org=" + org.ID, "/organiser/series/new", seriesPath,
	}
	for _, lang := range []string{"sv", "en"} {
		for _, p := range pages {
			sep := "?"
			if strings.Contains(p, "?") {
				sep = "&"
			}
			h.page(p+sep+"lang="+lang, 200) // checkPage runs on each
		}
	}
	// Pages shown again with problems, and the confirmation steps.
	h.post("/organiser/organisations", url.Values{"name": {""}}, 422)
	h.post("/organiser/events", url.Values{"org": {org.ID}}, 422)
	h.post("/organiser/events/"+ev.ID, url.Values{}, 422)
	h.post("/organiser/events/"+ev.ID+"/sessions", url.Values{}, 422)
	h.post("/organiser/events/"+ev.ID+"/sessions/"+sessions[0].ID, url.Values{}, 422)
	h.post("/organiser/series", url.Values{"org": {org.ID}}, 422)
	h.post(seriesPath+"/generate", url.Values{}, 422)
	h.post("/organiser/events/"+ev.ID+"/delete", url.Values{}, 200)
	h.post("/organiser/events/"+ev.ID+"/status", url.Values{"status": {"published"}}, 303)
	h.post("/organiser/events/"+ev.ID+"/status", url.Values{"status": {"cancelled"}}, 200)

	h.page("/organiser/events/no-such-event", 404)
	h.page("/organiser/events/new?org=no-such-org", 404)
	h.page("/organiser/series/no-such-series", 404)
}

// --- structural checks -----------------------------------------------------------

var (
	headingTag   = regexp.MustCompile(`^h[1-6]$`)
	untranslated = regexp.MustCompile(`\borg\.[a-z_]+\.[a-z_0-9.-]*`) // tr returns the key itself when it has no text
)

// checkPage asserts what every organiser page must have: one h1, headings that do not
// skip levels, a <label for> for every visible control, unique ids, in-page links and
// aria-describedby pointing at real ids, and nothing inline the CSP would block.
func checkPage(t *testing.T, name, body string) {
	t.Helper()
	doc := parse(t, body)
	main := find(doc, tag("main"))
	if main == nil {
		t.Errorf("%s: no <main>", name)
		return
	}
	if n := len(findAll(doc, tag("h1"))); n != 1 {
		t.Errorf("%s: %d <h1>, want exactly one", name, n)
	}
	last := 1
	for _, hd := range findAll(main, func(n *html.Node) bool { return n.Type == html.ElementNode && headingTag.MatchString(n.Data) }) {
		level := int(hd.Data[1] - '0')
		if level > last+1 {
			t.Errorf("%s: <%s>%s</%s> skips a level after h%d", name, hd.Data, text(hd), hd.Data, last)
		}
		last = level
	}
	ids := map[string]int{}
	for _, n := range findAll(doc, func(n *html.Node) bool { return hasAttr(n, "id") }) {
		ids[attr(n, "id")]++
	}
	for id, count := range ids {
		if count > 1 {
			t.Errorf("%s: id %q used %d times", name, id, count)
		}
	}
	labels := map[string]bool{}
	for _, l := range findAll(doc, tag("label")) {
		if text(l) == "" {
			t.Errorf("%s: empty label for %q", name, attr(l, "for"))
		}
		labels[attr(l, "for")] = true
	}
	for _, c := range findAll(doc, func(n *html.Node) bool {
		return n.Type == html.ElementNode && (n.Data == "input" || n.Data == "select" || n.Data == "textarea")
	}) {
		switch attr(c, "type") {
		case "hidden", "submit", "button", "reset":
			continue
		}
		id := attr(c, "id")
		if id == "" || !labels[id] {
			t.Errorf("%s: <%s name=%q id=%q> has no <label for>", name, c.Data, attr(c, "name"), id)
		}
		for _, ref := range strings.Fields(attr(c, "aria-describedby")) {
			if ids[ref] == 0 {
				t.Errorf("%s: %s aria-describedby %q points nowhere", name, id, ref)
			}
		}
		if (attr(c, "type") == "radio" || attr(c, "type") == "checkbox") && find(doc, func(n *html.Node) bool {
			return n.Type == html.ElementNode && n.Data == "fieldset" && find(n, func(m *html.Node) bool { return m == c }) != nil
		}) == nil {
			t.Errorf("%s: %s %q is not in a fieldset", name, attr(c, "type"), id)
		}
	}
	for _, fs := range findAll(doc, tag("fieldset")) {
		if lg := find(fs, tag("legend")); lg == nil || text(lg) == "" {
			t.Errorf("%s: fieldset without a legend", name)
		}
	}
	for _, a := range findAll(doc, tag("a")) {
		if href := attr(a, "href"); strings.HasPrefix(href, "#") && ids[href[1:]] == 0 {
			t.Errorf("%s: link %q points nowhere", name, href)
		}
	}
	for _, b := range findAll(doc, tag("button")) {
		if text(b) == "" {
			t.Errorf("%s: button without text", name)
		}
	}
	for _, n := range findAll(doc, func(n *html.Node) bool {
		return hasAttr(n, "style") || (n.Type == html.ElementNode && n.Data == "script")
	}) {
		t.Errorf("%s: inline %s blocked by the Content-Security-Policy", name, n.Data)
	}
	if key := untranslated.FindString(text(main)); key != "" {
		t.Errorf("%s: untranslated text key %q", name, key)
	}
	for _, f := range findAll(doc, tag("form")) {
		// Changes are POSTs; a filter (class "filters") only reads, with GET.
		if attr(f, "method") != "post" && !(attr(f, "method") == "get" && hasClass(f, "filters")) {
			t.Errorf("%s: form to %s is not a POST", name, attr(f, "action"))
		}
	}
}

func parse(t *testing.T, body string) *html.Node {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func tag(name string) func(*html.Node) bool {
	return func(n *html.Node) bool { return n.Type == html.ElementNode && n.Data == name }
}

func hasClassFn(class string) func(*html.Node) bool {
	return func(n *html.Node) bool { return hasClass(n, class) }
}

func hasClass(n *html.Node, class string) bool {
	return n != nil && slices.Contains(strings.Fields(attr(n, "class")), class)
}

func find(n *html.Node, match func(*html.Node) bool) *html.Node {
	if n == nil {
		return nil
	}
	if match(n) {
		return n
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if f := find(c, match); f != nil {
			return f
		}
	}
	return nil
}

func findAll(n *html.Node, match func(*html.Node) bool) []*html.Node {
	var out []*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if match(n) {
			out = append(out, n)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	if n != nil {
		walk(n)
	}
	return out
}

func byID(doc *html.Node, id string) *html.Node {
	return find(doc, func(n *html.Node) bool { return n.Type == html.ElementNode && attr(n, "id") == id })
}

func attr(n *html.Node, key string) string {
	if n == nil {
		return ""
	}
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func hasAttr(n *html.Node, key string) bool {
	if n == nil || n.Type != html.ElementNode {
		return false
	}
	for _, a := range n.Attr {
		if a.Key == key {
			return true
		}
	}
	return false
}

// text is the node's text with white space folded.
func text(n *html.Node) string {
	if n == nil {
		return ""
	}
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
			b.WriteByte(' ')
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return strings.Join(strings.Fields(b.String()), " ")
}

func hasLink(doc *html.Node, href string) bool {
	return find(doc, func(n *html.Node) bool { return n.Type == html.ElementNode && n.Data == "a" && attr(n, "href") == href }) != nil
}

// notice is the text of the page's role="status" confirmation ("" if none).
func notice(body string) string {
	doc, err := html.Parse(strings.NewReader(body))
	if err != nil {
		return ""
	}
	return text(find(doc, func(n *html.Node) bool { return attr(n, "role") == "status" }))
}

// firstAfterH1 is the first element after the page's h1.
func firstAfterH1(doc *html.Node) *html.Node {
	for n := find(doc, tag("h1")).NextSibling; n != nil; n = n.NextSibling {
		if n.Type == html.ElementNode {
			return n
		}
	}
	return nil
}

// mainOf is the <main> of a page, for failure messages.
func mainOf(body string) string {
	if i := strings.Index(body, "<main"); i >= 0 {
		body = body[i:]
	}
	if i := strings.Index(body, "</main>"); i >= 0 {
		body = body[:i]
	}
	return body
}
