package app_test

import (
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"folkhalsa-events/app/apptest"
	"folkhalsa-events/events"
	"folkhalsa-events/platform/outbox/smtptest"
	"folkhalsa-events/registration"
)

// smtpHarness is a registration harness whose outbox delivers to a real SMTP server.
func smtpHarness(t *testing.T) (*regHarness, *smtptest.Server) {
	t.Helper()
	srv := smtptest.Start(t)
	h := newRegHarness(t, apptest.WithEnv("SMTP_HOST", srv.Host()), apptest.WithEnv("SMTP_PORT", strconv.Itoa(srv.Port())),
		apptest.WithEnv("SMTP_SECURITY", "none"))
	return h, srv
}

// deliver sends what the outbox holds and returns every message received so far.
func (h *regHarness) deliver(srv *smtptest.Server, want int) []smtptest.Parsed {
	h.t.Helper()
	if _, err := h.s.Deps.Outbox.DeliverDue(h.ctx); err != nil {
		h.t.Fatal(err)
	}
	var out []smtptest.Parsed
	for _, m := range srv.WaitFor(h.t, want, 5*time.Second) {
		out = append(out, m.Parse(h.t))
	}
	return out
}

func TestRegistrationJourney(t *testing.T) {
	h, srv := smtpHarness(t)
	ev := h.event(nil)
	wsA := h.workshop(ev, "Barns uppväxtvillkor", "2026-10-14T10:00", "2026-10-14T11:00", "Sal A", 20)
	wsB := h.workshop(ev, "Psykisk hälsa", "2026-10-14T10:00", "2026-10-14T11:00", "Sal B", 0)
	wsC := h.workshop(ev, "Levnadsvanor", "2026-10-14T13:00", "2026-10-14T14:00", "Sal A", 0)
	formPath := "/events/" + ev.ID + "/register"

	// The form, in Swedish: every field labelled, with its autocomplete purpose.
	body := h.page(formPath, 200)
	doc := parse(t, body)
	if !strings.Contains(body, `<html lang="sv">`) || !strings.Contains(body, "Anmäl dig till Folkhälsokonferensen i Umeå") {
		t.Fatal("the form is not in Swedish")
	}
	labels := map[string]string{}
	for _, l := range findAll(doc, tag("label")) {
		labels[attr(l, "for")] = text(l)
	}
	legends := map[string]string{} // first option id → legend of its fieldset
	for _, fs := range findAll(doc, tag("fieldset")) {
		if in := find(fs, tag("input")); in != nil {
			legends[attr(in, "id")] = text(find(fs, tag("legend")))
		}
	}
	for id, want := range map[string]string{
		"first_name": "Förnamn", "last_name": "Efternamn", "email": "E-postadress", "organisation": "Organisation",
		"org_type": "Typ av organisation", "municipality": "Kommun", "role": "Roll eller titel",
		"diet": "Specialkost", "accessibility": "Behov av tillgänglighet", "website": "Lämna detta fält tomt",
	} {
		if !strings.HasPrefix(labels[id], want) {
			t.Errorf("label of #%s: %q, want %q", id, labels[id], want)
		}
	}
	for id, want := range map[string]string{
		"gender-1": "Kön (frivilligt)", "list_consent-1": "Deltagarlista", "waitlist_ok-1": "Väntelista",
		"privacy_accepted-1": "Personuppgifter", "workshop_1-1": "onsdag 14 oktober 2026, 10:00–11:00",
		"workshop_2-1": "onsdag 14 oktober 2026, 13:00–14:00",
	} {
		if !strings.HasPrefix(legends[id], want) {
			t.Errorf("legend of #%s: %q, want %q", id, legends[id], want)
		}
	}
	for id, want := range map[string]string{"first_name": "given-name", "last_name": "family-name", "email": "email",
		"organisation": "organization", "role": "organization-title"} {
		if got := attr(byID(doc, id), "autocomplete"); got != want {
			t.Errorf("#%s autocomplete %q, want %q", id, got, want)
		}
	}
	if attr(byID(doc, "email"), "type") != "email" {
		t.Error("the e-mail field is not type=email")
	}
	// Gender: the four options, optional, with what it is used for.
	for i, g := range registration.Genders {
		if got := attr(byID(doc, "gender-"+strconv.Itoa(i+1)), "value"); got != string(g.Value) {
			t.Errorf("gender option %d: %q", i+1, got)
		}
	}
	if hint := text(byID(doc, "gender-1-hint")); !strings.Contains(hint, "könsuppdelad statistik") {
		t.Errorf("gender hint %q", hint)
	}
	// Municipalities grouped by county.
	var counties []string
	for _, g := range findAll(byID(doc, "municipality"), tag("optgroup")) {
		counties = append(counties, attr(g, "label"))
	}
	if len(counties) != 21 || !slices.Contains(counties, "Västerbottens län") {
		t.Errorf("municipality optgroups: %d %v", len(counties), counties)
	}
	if n := len(findAll(byID(doc, "municipality"), tag("option"))); n != 291 {
		t.Errorf("municipality options: %d, want 290 and the empty choice", n)
	}
	// Workshops: one radio group per start time, each with "no workshop", seats shown.
	slot1 := text(find(doc, func(n *html.Node) bool {
		return n.Data == "fieldset" && find(n, func(m *html.Node) bool { return attr(m, "id") == "workshop_1-1" }) != nil
	}))
	for _, want := range []string{"Barns uppväxtvillkor (rum Sal A, 20 platser kvar)", "Psykisk hälsa (rum Sal B)", "Ingen workshop vid den här tiden"} {
		if !strings.Contains(slot1, want) {
			t.Errorf("first workshop slot lacks %q: %s", want, slot1)
		}
	}
	if attr(byID(doc, "workshop_1-1"), "value") != wsA.ID || attr(byID(doc, "workshop_1-3"), "value") != "" || !hasAttr(byID(doc, "workshop_1-3"), "checked") {
		t.Error("first slot: workshop values or the checked no-workshop option")
	}
	// Not hybrid, not invite-only: no mode question, no invitation code.
	if byID(doc, "mode-1") != nil || byID(doc, "invitation_code") != nil {
		t.Error("mode or invitation code shown for an on-site public event")
	}
	// The honeypot: present, out of the tab order, hidden from people and assistive technology.
	hp := byID(doc, "website")
	if hp == nil || attr(hp, "name") != "website" || attr(hp, "tabindex") != "-1" || attr(hp, "autocomplete") != "off" {
		t.Fatalf("honeypot input: %v", hp)
	}
	if wrap := hp.Parent; !hasClass(wrap, "reg-hp") || attr(wrap, "aria-hidden") != "true" {
		t.Error("honeypot not wrapped in an aria-hidden .reg-hp")
	}
	// Read from disk: GET /static/* answers 404 for every file at the time of writing
	// (the filesystem middleware is mounted with f.Get("/static/*") instead of f.Use).
	if css, _ := os.ReadFile("static/registration.css"); !strings.Contains(string(css), ".reg-hp") || !strings.Contains(string(css), "left: -10000px") {
		t.Error("registration.css does not hide the honeypot")
	}
	if !strings.Contains(body, `href="/static/registration.css"`) {
		t.Error("the layout does not link registration.css")
	}
	if !hasLink(doc, "/privacy?event="+ev.ID+"&lang=sv") {
		t.Error("no link to the privacy notice")
	}

	// In English.
	en := h.page(formPath+"?lang=en", 200)
	for _, want := range []string{`<html lang="en">`, "Register for Public Health Conference in Umeå", "First name", "Leave this field empty", "gender-disaggregated"} {
		if !strings.Contains(en, want) {
			t.Errorf("English form lacks %q", want)
		}
	}

	// Register with Swedish and Sámi letters, choosing a workshop in the first slot.
	form := regPerson("Asa.Oberg@Skelleftea.se", "first_name", "Åsa", "last_name", "Öberg-Ŋuvttet",
		"workshop_1", wsA.ID, "workshop_2", "", "gender", "kvinna", "list_consent", "true", "diet", "Vegetarisk")
	welcome := h.post(formPath+"?lang=sv", form, 303).Header.Get("Location")
	if !strings.HasPrefix(welcome, "/manage/") || !strings.HasSuffix(welcome, "?welcome=1") {
		t.Fatalf("redirect to %q", welcome)
	}
	list := h.list(ev)
	if len(list) != 1 {
		t.Fatalf("%d registrations stored", len(list))
	}
	r := list[0]
	if r.FirstName != "Åsa" || r.LastName != "Öberg-Ŋuvttet" || r.Email != "asa.oberg@skelleftea.se" ||
		r.Municipality != "Skellefteå" || r.County != "Västerbottens län" || r.OrgType != "kommun" ||
		r.Role != "Folkhälsostrateg" || r.Gender != "kvinna" || !r.ListConsent || r.Diet != "Vegetarisk" ||
		r.Lang != "sv" || r.Status != registration.StatusConfirmed || r.Mode != events.ModeOnSite {
		t.Errorf("stored registration: %+v", r)
	}
	if len(r.Workshops) != 1 || r.Workshops[0].SessionID != wsA.ID || r.Workshops[0].Status != registration.StatusConfirmed {
		t.Errorf("stored workshops: %+v", r.Workshops)
	}

	// The welcome on the manage page, which is private.
	resp := h.s.Get(t, welcome, "Accept", "text/html")
	if resp.Status != 200 || !strings.Contains(resp.Text(), "Tack! Din plats är bekräftad.") {
		t.Fatalf("welcome page: %d\n%s", resp.Status, mainOf(resp.Text()))
	}
	checkRegPage(t, "welcome", resp.Text())
	if resp.Header.Get("Cache-Control") != "no-store" || resp.Header.Get("Referrer-Policy") != "no-referrer" ||
		!strings.Contains(resp.Text(), `<meta name="robots" content="noindex">`) {
		t.Errorf("manage page headers: Cache-Control %q Referrer-Policy %q", resp.Header.Get("Cache-Control"), resp.Header.Get("Referrer-Policy"))
	}
	if strings.Contains(h.page(formPath, 200), `name="robots"`) {
		t.Error("the public form must stay indexable")
	}

	// The confirmation e-mail, through a real SMTP server.
	mails := h.deliver(srv, 1)
	conf := mails[0]
	if conf.Subject != "Bekräftelse: Folkhälsokonferensen i Umeå" || !strings.Contains(conf.To, "asa.oberg@skelleftea.se") {
		t.Errorf("confirmation: subject %q to %q", conf.Subject, conf.To)
	}
	if !strings.Contains(conf.Text, "Hej Åsa!") || !strings.Contains(conf.Text, "Barns uppväxtvillkor") {
		t.Errorf("confirmation text:\n%s", conf.Text)
	}
	hasICS := false
	for _, a := range conf.Attachments {
		hasICS = hasICS || (strings.HasSuffix(a.Filename, ".ics") && a.ContentType == "text/calendar" && strings.Contains(string(a.Data), "BEGIN:VEVENT"))
	}
	if !hasICS {
		t.Errorf("no calendar attachment: %+v", conf.Attachments)
	}
	m := regManageLink.FindStringSubmatch(conf.Text)
	if m == nil {
		t.Fatalf("no manage link in the confirmation:\n%s", conf.Text)
	}
	manage := m[1]
	if manage != strings.TrimSuffix(welcome, "?welcome=1") {
		t.Errorf("mail links %s, the redirect went to %s", manage, welcome)
	}

	// Following the link from the mail.
	page := h.page(manage, 200)
	for _, want := range []string{"Åsa Öberg-Ŋuvttet", "Bekräftad", "Barns uppväxtvillkor", "plats bekräftad", "Folkets hus, Umeå",
		`href="/events/` + ev.ID + `?lang=sv"`, `href="/events/` + ev.ID + `/programme.pdf?lang=sv"`} {
		if !strings.Contains(page, want) {
			t.Errorf("manage page lacks %q", want)
		}
	}
	if !strings.Contains(page, manage+"/badge.pdf\"") {
		t.Error("a confirmed on-site participant's manage page links their badge")
	}
	pdoc := parse(t, page)
	if attr(byID(pdoc, "workshop_1-1"), "value") != wsA.ID || !hasAttr(byID(pdoc, "workshop_1-1"), "checked") {
		t.Error("the edit form does not show the chosen workshop")
	}

	// Change the workshop (and the role) through the edit form.
	edit := with(form, "workshop_1", wsB.ID, "workshop_2", wsC.ID, "role", "Utvecklingsledare")
	loc := h.post(manage, edit, 303).Header.Get("Location")
	if loc != manage+"?notice=saved" {
		t.Errorf("after saving: %q", loc)
	}
	r = h.list(ev)[0]
	var chosen []string
	for _, w := range r.Workshops {
		if w.Status == registration.StatusConfirmed {
			chosen = append(chosen, w.SessionID)
		}
	}
	slices.Sort(chosen)
	want := []string{wsB.ID, wsC.ID}
	slices.Sort(want)
	if !slices.Equal(chosen, want) || r.Role != "Utvecklingsledare" || r.Email != "asa.oberg@skelleftea.se" {
		t.Errorf("after the change: %+v", r)
	}
	if n := notice(h.page(loc, 200)); !strings.Contains(n, "Dina ändringar är sparade") {
		t.Errorf("notice after saving: %q", n)
	}

	// An edit with problems comes back with them, as typed.
	bad := h.post(manage, with(edit, "first_name", "", "last_name", "Öberg-Ŋuvttet-Sara"), 422).Text()
	if msg := fieldError(t, bad, "first_name"); !strings.Contains(msg, "Förnamn måste anges") {
		t.Errorf("edit error next to first_name: %q", msg)
	}
	if got := inputValue(t, bad, "last_name"); got != "Öberg-Ŋuvttet-Sara" {
		t.Errorf("edit input not kept: %q", got)
	}
	if h.list(ev)[0].LastName != "Öberg-Ŋuvttet" {
		t.Error("an invalid edit was stored")
	}

	// Cancelling needs the box ticked.
	noBox := h.post(manage+"/cancel", url.Values{}, 422).Text()
	if msg := fieldError(t, noBox, "confirm-1"); !strings.Contains(msg, "bekräfta att du vill avboka") {
		t.Errorf("cancel without the box: %q", msg)
	}
	if h.list(ev)[0].Status != registration.StatusConfirmed {
		t.Fatal("cancelled without confirmation")
	}
	loc = h.post(manage+"/cancel", url.Values{"confirm": {"true"}}, 303).Header.Get("Location")
	if loc != manage+"?notice=cancelled" {
		t.Errorf("after cancelling: %q", loc)
	}
	if st := h.list(ev)[0].Status; st != registration.StatusCancelled {
		t.Errorf("status after cancelling: %s", st)
	}
	page = h.page(loc, 200)
	if !strings.Contains(page, "Avbokad") || !strings.Contains(notice(page), "avbokad") || strings.Contains(page, `action="`+manage+`/cancel"`) {
		t.Errorf("the cancelled page:\n%s", mainOf(page))
	}
	mails = h.deliver(srv, 2)
	if c := mails[1]; c.Subject != "Avbokad: Folkhälsokonferensen i Umeå" || !strings.Contains(c.Text, "avbokad") {
		t.Errorf("cancellation mail: %q\n%s", c.Subject, c.Text)
	}
	// Cancelling again changes nothing and sends nothing.
	h.post(manage+"/cancel", url.Values{"confirm": {"true"}}, 303)
	if _, err := h.s.Deps.Outbox.DeliverDue(h.ctx); err != nil {
		t.Fatal(err)
	}
	if n := len(srv.Messages()); n != 2 {
		t.Errorf("%d messages after cancelling twice, want 2", n)
	}
}
