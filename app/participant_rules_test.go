package app_test

import (
	"net/url"
	"strings"
	"testing"

	"folkhalsa-events/app/apptest"
	"folkhalsa-events/events"
	"folkhalsa-events/platform/datastore/storetest"
	"folkhalsa-events/platform/outbox"
	"folkhalsa-events/registration"
)

// A full event: without accepting the waiting list, a 409 that says so and highlights
// the box; with it, a place on the list that the manage page shows.
func TestRegistrationFullEventAndWaitingList(t *testing.T) {
	h := newRegHarness(t)
	ev := h.event(func(in *events.EventInput) { in.CapacityOnSite = 1 })
	formPath := "/events/" + ev.ID + "/register"
	h.register(ev, regPerson("first@umea.se"))

	full := h.post(formPath, regPerson("second@umea.se", "first_name", "Ödön"), 409).Text()
	if msg := fieldError(t, full, "waitlist_ok-1"); !strings.Contains(msg, "Evenemanget är fullbokat") {
		t.Errorf("message next to the waiting-list box: %q", msg)
	}
	if links := summaryLinks(t, full); len(links) != 1 || links[0] != "#waitlist_ok-1" {
		t.Errorf("summary links %v", links)
	}
	doc := parse(t, full)
	box := byID(doc, "waitlist_ok-1")
	if hasAttr(box, "checked") || !hasClass(box.Parent.Parent.Parent, "has-error") {
		t.Error("the waiting-list box is not highlighted")
	}
	if inputValue(t, full, "first_name") != "Ödön" {
		t.Error("input not kept")
	}
	if n := h.count(); n != 1 {
		t.Errorf("%d registrations stored, want 1", n)
	}

	// With the box ticked: the waiting list, number 1, then number 2.
	manage := h.register(ev, regPerson("second@umea.se", "waitlist_ok", "true"))
	welcome := h.page(manage+"?welcome=1", 200)
	if !strings.Contains(notice(welcome), "du står på väntelistan som nummer 1") {
		t.Errorf("welcome: %q", notice(welcome))
	}
	if page := h.page(manage, 200); !strings.Contains(page, "Väntelista") || !strings.Contains(page, "Du står på väntelistan som nummer 1.") {
		t.Errorf("manage page of a waiting registration:\n%s", mainOf(page))
	}
	third := h.register(ev, regPerson("third@umea.se", "waitlist_ok", "true"))
	if page := h.page(third, 200); !strings.Contains(page, "nummer 2") {
		t.Error("the second on the list is not number 2")
	}
	var res struct {
		Status   string `json:"status"`
		Position int    `json:"position"`
	}
	body := regJSONPerson("fourth@umea.se")
	body["waitlist_ok"] = true
	h.postJSON("/api/v1/public/events/"+ev.ID+"/registrations", body, 201).JSON(t, &res)
	if res.Status != "waiting" || res.Position != 3 {
		t.Errorf("API on a full event: %+v", res)
	}
	if r := h.postJSON("/api/v1/public/events/"+ev.ID+"/registrations", regJSONPerson("fifth@umea.se"), 409); r.ErrorCode() != "full" {
		t.Errorf("API without the waiting list: %s", r.Body)
	}
	statuses := map[registration.Status]int{}
	for _, r := range h.list(ev) {
		statuses[r.Status]++
	}
	if statuses[registration.StatusConfirmed] != 1 || statuses[registration.StatusWaiting] != 3 || len(statuses) != 2 {
		t.Errorf("stored statuses %v", statuses)
	}

	// The first cancels: number 1 gets the seat.
	h.post(h.manageOf(ev, "first@umea.se")+"/cancel", url.Values{"confirm": {"true"}}, 303)
	if page := h.page(manage, 200); !strings.Contains(page, "Din plats är bekräftad.") {
		t.Errorf("after a cancellation the first on the list is not confirmed:\n%s", mainOf(page))
	}
}

// manageOf is the manage path of email's registration, via a new link read from the
// outbox (the only place a token exists).
func (h *regHarness) manageOf(ev events.Event, email string) string {
	h.t.Helper()
	if err := h.s.Deps.Registrations.ResendManageLink(h.ctx, ev.ID, email); err != nil {
		h.t.Fatal(err)
	}
	msgs, err := h.s.Deps.Outbox.Messages(h.ctx, outbox.MessageFilter{To: email, Kind: "manage_link"})
	if err != nil || len(msgs) == 0 {
		h.t.Fatalf("no manage_link mail to %s: %v", email, err)
	}
	m := regManageLink.FindStringSubmatch(msgs[0].Text)
	if m == nil {
		h.t.Fatalf("no link in %q", msgs[0].Text)
	}
	return m[1]
}

// Registration not open: the form page explains why (200), a post gets 409, and
// nothing is stored.
func TestRegistrationClosed(t *testing.T) {
	h := newRegHarness(t)
	closed := h.event(func(in *events.EventInput) { in.RegistrationCloses = "2026-08-15T12:00" })
	notYet := h.event(func(in *events.EventInput) { in.RegistrationOpens = "2026-09-15T08:00" })
	cancelled := h.event(nil)
	if _, err := h.s.Deps.Events.SetStatus(h.ctx, cancelled.ID, events.StatusCancelled); err != nil {
		t.Fatal(err)
	}
	past := h.event(func(in *events.EventInput) { in.Start, in.End = "2026-08-20T09:00", "2026-08-20T12:00" })

	for _, tc := range []struct {
		ev       events.Event
		sv, en   string
		apiCode  string
		apiState int
	}{
		{closed, "Sista anmälningsdag har passerat. Anmälan stängde lördag 15 augusti 2026 kl. 12:00.", "The registration deadline has passed", "registration_closed", 409},
		{notYet, "Anmälan har inte öppnat ännu. Den öppnar tisdag 15 september 2026 kl. 08:00.", "Registration has not opened yet", "registration_closed", 409},
		{cancelled, "Evenemanget är inställt.", "The event has been cancelled", "registration_closed", 409},
		{past, "Evenemanget har redan börjat eller ägt rum.", "already started or taken place", "registration_closed", 409},
	} {
		path := "/events/" + tc.ev.ID + "/register"
		page := h.page(path, 200)
		if !strings.Contains(page, tc.sv) || !strings.Contains(page, "Anmälan är stängd") {
			t.Errorf("%s: no explanation:\n%s", tc.ev.ID, mainOf(page))
		}
		if strings.Contains(page, `action="`+path) || byID(parse(t, page), "first_name") != nil {
			t.Errorf("%s: the form is shown although registration is not open", tc.ev.ID)
		}
		if !strings.Contains(page, "Region Västerbotten") || !hasLink(parse(t, page), path+"/resend") {
			t.Errorf("%s: no contact or resend link", tc.ev.ID)
		}
		if en := h.page(path+"?lang=en", 200); !strings.Contains(en, tc.en) {
			t.Errorf("%s: English explanation missing", tc.ev.ID)
		}
		post := h.post(path, regPerson("late@umea.se"), 409).Text()
		if !strings.Contains(post, tc.sv) {
			t.Errorf("%s: the post does not explain", tc.ev.ID)
		}
		if r := h.postJSON("/api/v1/public/events/"+tc.ev.ID+"/registrations", regJSONPerson("late@umea.se"), tc.apiState); r.ErrorCode() != tc.apiCode {
			t.Errorf("%s: API %s", tc.ev.ID, r.Body)
		}
	}
	if n := h.count(); n != 0 {
		t.Errorf("%d registrations stored while closed", n)
	}

	// Drafts do not exist for the public.
	draft, err := h.s.Deps.Events.CreateEvent(h.ctx, h.org.ID, events.EventInput{
		DetailsInput: events.DetailsInput{Type: "seminar", TitleSV: "Utkast", Mode: "digital"},
		Start:        "2026-10-20T09:00", End: "2026-10-20T10:00"})
	if err != nil {
		t.Fatal(err)
	}
	h.page("/events/"+draft.ID+"/register", 404)
	h.post("/events/"+draft.ID+"/register", regPerson("draft@umea.se"), 404)
	h.postJSON("/api/v1/public/events/"+draft.ID+"/registrations", regJSONPerson("draft@umea.se"), 404)
	h.page("/events/no-such-event/register", 404)
}

// Invite-only events need a valid code, asked for next to its field.
func TestRegistrationInviteOnly(t *testing.T) {
	h := newRegHarness(t)
	ev := h.event(func(in *events.EventInput) {
		in.Type, in.Visibility, in.TitleSV = "dialogue_visit", "invite_only", "Kommundialog i Skellefteå"
		in.Municipality = "Skellefteå"
	})
	path := "/events/" + ev.ID + "/register"
	doc := parse(t, h.page(path, 200))
	if code := byID(doc, "invitation_code"); code == nil || attr(code, "autocomplete") != "off" || attr(code, "aria-required") != "true" {
		t.Fatal("no invitation code field")
	}
	for _, form := range []struct {
		code, want string
	}{
		{"", "Evenemanget är bara för inbjudna. Ange en giltig inbjudningskod."},
		{"FEL12345", "Ange en giltig inbjudningskod"},
	} {
		page := h.post(path, regPerson("inv@skelleftea.se", "invitation_code", form.code), 403).Text()
		if msg := fieldError(t, page, "invitation_code"); !strings.Contains(msg, form.want) {
			t.Errorf("code %q: %q", form.code, msg)
		}
		if links := summaryLinks(t, page); len(links) != 1 || links[0] != "#invitation_code" {
			t.Errorf("summary links %v", links)
		}
	}
	if r := h.postJSON("/api/v1/public/events/"+ev.ID+"/registrations", regJSONPerson("inv@skelleftea.se"), 403); r.ErrorCode() != "invitation_required" {
		t.Errorf("API without code: %s", r.Body)
	}
	if n := h.count(); n != 0 {
		t.Fatalf("%d registrations without a code", n)
	}

	inv, err := h.s.Deps.Registrations.CreateInvitation(h.ctx, ev.ID, registration.InvitationInput{MaxUses: 1})
	if err != nil {
		t.Fatal(err)
	}
	// An invitation may link to the form with the code filled in.
	if got := inputValue(t, h.page(path+"?code="+inv.Code, 200), "invitation_code"); got != inv.Code {
		t.Errorf("code from the link: %q", got)
	}
	h.register(ev, regPerson("inv@skelleftea.se", "invitation_code", strings.ToLower(inv.Code[:4]+"-"+inv.Code[4:])))
	used := h.post(path, regPerson("inv2@skelleftea.se", "invitation_code", inv.Code), 403).Text()
	if msg := fieldError(t, used, "invitation_code"); !strings.Contains(msg, "redan använd") {
		t.Errorf("used-up code: %q", msg)
	}
	if n := h.count(); n != 1 {
		t.Errorf("%d registrations, want 1", n)
	}
}

// A hybrid event asks how the person takes part; online participants get the meeting
// link on their manage page and cannot choose workshops, which are held on site.
func TestRegistrationHybridOnlineLink(t *testing.T) {
	h := newRegHarness(t)
	ev := h.event(func(in *events.EventInput) {
		in.Mode, in.OnlineURL, in.CapacityDigital = "hybrid", "https://meet.example.se/hemligt-rum", 50
	})
	ws := h.workshop(ev, "Barns uppväxtvillkor", "2026-10-14T10:00", "2026-10-14T11:00", "Sal A", 20)
	path := "/events/" + ev.ID + "/register"
	doc := parse(t, h.page(path, 200))
	if attr(byID(doc, "mode-1"), "value") != "on_site" || attr(byID(doc, "mode-2"), "value") != "digital" {
		t.Fatal("no participation mode question")
	}
	if r := h.s.Get(t, "/events/"+ev.ID, "Accept", "text/html"); strings.Contains(r.Text(), "hemligt-rum") {
		t.Fatal("the public page shows the online link")
	}
	noMode := h.post(path, regPerson("a@umea.se"), 422).Text()
	if msg := fieldError(t, noMode, "mode-1"); !strings.Contains(msg, "på plats eller digitalt") {
		t.Errorf("missing mode: %q", msg)
	}
	online := h.post(path, regPerson("a@umea.se", "mode", "digital", "workshop_1", ws.ID), 422).Text()
	if msg := fieldError(t, online, "workshop_1-1"); !strings.Contains(msg, "Workshoppar hålls på plats") {
		t.Errorf("online participant choosing a workshop: %q", msg)
	}

	digital := h.register(ev, regPerson("a@umea.se", "mode", "digital"))
	page := h.page(digital, 200)
	if !strings.Contains(page, `href="https://meet.example.se/hemligt-rum"`) {
		t.Error("a confirmed online participant does not see the meeting link")
	}
	if byID(parse(t, page), "workshop_1-1") != nil {
		t.Error("an online participant is offered workshops")
	}
	onSite := h.register(ev, regPerson("b@umea.se", "mode", "on_site", "workshop_1", ws.ID))
	page = h.page(onSite, 200)
	if strings.Contains(page, "hemligt-rum") {
		t.Error("an on-site participant sees the meeting link")
	}
	if !hasAttr(byID(parse(t, page), "workshop_1-1"), "checked") {
		t.Error("the on-site participant's workshop is not shown as chosen")
	}
	// Changing details keeps the participation mode.
	h.post(onSite, regPerson("b@umea.se", "mode", "digital", "workshop_1", ""), 303)
	for _, r := range h.list(ev) {
		if r.Email == "b@umea.se" && (r.Mode != events.ModeOnSite || len(r.Workshops) != 0) {
			t.Errorf("after the edit: %+v", r)
		}
	}
}

// The JSON API's answer: the participant's own data, the status, the manage link.
func TestRegistrationAPI(t *testing.T) {
	h := newRegHarness(t)
	ev := h.event(nil)
	ws := h.workshop(ev, "Levnadsvanor", "2026-10-14T13:00", "2026-10-14T14:00", "Sal A", 0)
	body := regJSONPerson("Api.Person@Umea.se")
	body["first_name"], body["workshops"], body["gender"] = "Åsa", []string{ws.ID}, "vill_inte_uppge"
	r := h.postJSON("/api/v1/public/events/"+ev.ID+"/registrations?lang=en", body, 201)
	var res struct {
		Registration map[string]any `json:"registration"`
		Status       string         `json:"status"`
		Position     int            `json:"position"`
		ManageURL    string         `json:"manage_url"`
	}
	r.JSON(t, &res)
	if res.Status != "confirmed" || res.Position != 0 || res.Registration["first_name"] != "Åsa" ||
		res.Registration["email"] != "api.person@umea.se" || res.Registration["lang"] != "en" || res.Registration["event_id"] != ev.ID {
		t.Errorf("answer: %s", r.Body)
	}
	for _, secret := range []string{"manage_hash", "ticket", "invitation", "website", "privacy_accepted"} {
		if strings.Contains(r.Text(), `"`+secret+`"`) {
			t.Errorf("the answer carries %q", secret)
		}
	}
	path, ok := strings.CutPrefix(res.ManageURL, "http://events.test")
	if !ok || !strings.HasPrefix(path, "/manage/"+res.Registration["id"].(string)+"/") {
		t.Fatalf("manage_url %q", res.ManageURL)
	}
	// The manage page speaks the language the person registered in.
	if page := h.page(path, 200); !strings.Contains(page, `<html lang="en">`) || !strings.Contains(page, "Your registration") {
		t.Error("the manage page is not in the registration's language")
	}
	if page := h.page(path+"?lang=sv", 200); !strings.Contains(page, "Din anmälan") {
		t.Error("?lang=sv does not switch the manage page to Swedish")
	}
}

// The participants' routes stay open in production, where the organiser API (whose
// middleware covers /api/v1) is closed.
func TestRegistrationRoutesOpenInProduction(t *testing.T) {
	s := apptest.New(t, apptest.WithEnv("APP_ENV", "production"), apptest.WithEnv("OPERATOR_EMAIL", "operator@example.se"), apptest.WithEnv("MONGODB_URI", storetest.URI()),
		apptest.WithEnv("SMTP_HOST", "smtp.example.se"))
	for _, r := range []apptest.Response{
		s.SendJSON(t, "POST", "/api/v1/public/events/nope/registrations", map[string]string{}),
		s.SendJSON(t, "POST", "/api/v1/public/events/nope/registrations/resend", map[string]string{"email": "a@umea.se"}),
	} {
		if r.Status != 404 {
			t.Errorf("got %d %s, want 404 (not the organiser guard)", r.Status, r.Body)
		}
	}
	if r := s.Get(t, "/privacy", "Accept", "text/html"); r.Status != 200 {
		t.Errorf("privacy page in production: %d", r.Status)
	}
}

// The privacy notice: what, why, how long (RETENTION_DAYS), whom to ask.
func TestPrivacyPage(t *testing.T) {
	h := newRegHarness(t, apptest.WithEnv("RETENTION_DAYS", "180"))
	ev := h.event(nil)
	sv := h.page("/privacy", 200)
	for _, want := range []string{"Så behandlar vi dina personuppgifter", "Vad vi sparar", "Varför", "180 dagar", "kontakta arrangören"} {
		if !strings.Contains(sv, want) {
			t.Errorf("Swedish privacy page lacks %q", want)
		}
	}
	en := h.page("/privacy?lang=en", 200)
	for _, want := range []string{"How we handle your personal data", "What we store", "180 days", "contact the organiser"} {
		if !strings.Contains(en, want) {
			t.Errorf("English privacy page lacks %q", want)
		}
	}
	withEvent := h.page("/privacy?event="+ev.ID, 200)
	if !strings.Contains(withEvent, "Arrangör av Folkhälsokonferensen i Umeå: Region Västerbotten.") {
		t.Error("the privacy page does not name the event's organiser")
	}
	h.page("/privacy?event=nope", 200)
}
