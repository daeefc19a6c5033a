package app_test

import (
	"net/url"
	"strings"
	"testing"

	"folkhalsa-events/events"
	"folkhalsa-events/platform/outbox/smtptest"
	"folkhalsa-events/registration"
)

// Every participant mail kind, through the outbox and a real SMTP server, parsed:
// a text and an HTML part saying the same, Reply-To the event's contact, the
// contact in the signature, the calendar file with the confirmation, the manage link
// where there is something to manage, and a sign-off that fits the news.
func TestEveryParticipantMailKindThroughSMTP(t *testing.T) {
	h, srv := smtpHarness(t)
	if _, err := h.s.Deps.Events.UpdateOrganisation(h.ctx, h.org.ID, events.OrganisationInput{
		Name: h.org.Name, Kind: string(h.org.Kind), County: h.org.County,
		ContactEmail: "folkhalsa@regionvasterbotten.se", ContactPhone: "090-785 00 00", Website: "https://www.regionvasterbotten.se",
	}); err != nil {
		t.Fatal(err)
	}
	ev := h.event(func(in *events.EventInput) {
		in.CapacityOnSite = 2
		in.ContactName, in.ContactEmail = "Anna Berg", "anna.berg@regionvasterbotten.se"
	})
	ws := h.workshop(ev, "Barns uppväxtvillkor", "2026-10-14T10:00", "2026-10-14T11:00", "Sal A", 1)

	// A has the workshop's seat, B waits for it, C waits for the event. A cancels: B
	// gets the workshop, C the event.
	a := h.register(ev, with(regPerson("a@umea.se"), "workshops", ws.ID))
	h.register(ev, with(regPerson("b@umea.se"), "workshops", ws.ID, "waitlist_ok", "true"))
	h.register(ev, with(regPerson("c@umea.se"), "workshops", ws.ID, "waitlist_ok", "true"))
	h.post(a+"/cancel", url.Values{"confirm": {"on"}}, 303)
	h.postJSON("/api/v1/public/events/"+ev.ID+"/registrations/resend", map[string]string{"email": "c@umea.se"}, 202)

	// The organiser writes to everyone still registered (b and c), and thanks them after the event.
	h.deliver(srv, 7)
	regs := h.s.Deps.Registrations
	if _, err := regs.SendMessage(h.ctx, ev, registration.MessageDraft{Subject: events.Text{SV: "Parkering vid {evenemang}"},
		Body: events.Text{SV: "Hej {förnamn}!\n\nParkera vid Folkets hus."}}, "anna.berg@regionvasterbotten.se"); err != nil {
		t.Fatal(err)
	}
	regs.WaitBackground(h.ctx)
	if n, err := regs.SendThanks(h.ctx, ev, ev.End.Add(registration.ThanksAfter)); err != nil || n != 2 {
		t.Fatalf("thanks: %d %v", n, err)
	}

	got := map[string]smtptest.Parsed{}
	for _, m := range h.deliver(srv, 11) {
		got[m.Subject+" → "+strings.Trim(m.To, "<>")] = m
	}
	title := "Folkhälsokonferensen i Umeå"
	sequences := map[string]int{}
	for subject, want := range map[string]struct {
		says     []string
		ends     string
		manage   bool
		calendar bool
	}{
		"Bekräftelse: " + title + " → a@umea.se":          {says: []string{"Du har en plats", "Barns uppväxtvillkor"}, ends: "Välkommen!", manage: true, calendar: true},
		"Bekräftelse: " + title + " → b@umea.se":          {says: []string{"Du har en plats", "väntelista"}, ends: "Välkommen!", manage: true, calendar: true},
		"Väntelista: " + title + " → c@umea.se":           {says: []string{"nummer 1"}, ends: "Vänliga hälsningar", manage: true},
		"Avbokad: " + title + " → a@umea.se":              {says: []string{"Din anmälan är avbokad", "Kalenderfilen i mejlet tar bort evenemanget"}, ends: "Vänliga hälsningar", calendar: true},
		"Plats i workshop: " + title + " → b@umea.se":     {says: []string{"Barns uppväxtvillkor", "onsdag 14 oktober 2026, 10:00–11:00"}, ends: "Välkommen!", manage: true},
		"Du har fått en plats: " + title + " → c@umea.se": {says: []string{"En plats har blivit ledig"}, ends: "Välkommen!", manage: true, calendar: true},
		"Din anmälan: " + title + " → c@umea.se":          {says: []string{"ny länk"}, ends: "Vänliga hälsningar", manage: true},
		"Parkering vid " + title + " → b@umea.se":         {says: []string{"Hej Kim!", "Parkera vid Folkets hus."}, ends: "Vänliga hälsningar", manage: true},
		"Parkering vid " + title + " → c@umea.se":         {says: []string{"Hej Kim!", "Meddelandet gäller " + title}, ends: "Vänliga hälsningar", manage: true},
		"Tack för att du kom: " + title + " → b@umea.se":  {says: []string{"Tack för att du deltog i " + title}, ends: "Vänliga hälsningar", manage: true},
		"Tack för att du kom: " + title + " → c@umea.se":  {says: []string{"Tack för att du deltog i " + title}, ends: "Vänliga hälsningar", manage: true},
	} {
		m, ok := got[subject]
		if !ok {
			t.Errorf("no mail %q; got %v", subject, keys(got))
			continue
		}
		if rt := m.Header.Get("Reply-To"); !strings.Contains(rt, "anna.berg@regionvasterbotten.se") {
			t.Errorf("%s: Reply-To %q, want the event's contact", subject, rt)
		}
		if m.Text == "" || m.HTML == "" {
			t.Errorf("%s: text %d bytes, HTML %d bytes; both parts are sent", subject, len(m.Text), len(m.HTML))
			continue
		}
		for _, s := range append(want.says, want.ends, "Region Västerbotten", "Kontaktperson: Anna Berg", "090-785 00 00") {
			if !strings.Contains(m.Text, s) {
				t.Errorf("%s: the text lacks %q:\n%s", subject, s, m.Text)
			}
			if !strings.Contains(m.HTML, s) {
				t.Errorf("%s: the HTML lacks %q:\n%s", subject, s, m.HTML)
			}
		}
		if !strings.Contains(m.HTML, `<a href="mailto:anna.berg@regionvasterbotten.se">`) || !strings.Contains(m.HTML, `<html lang="sv">`) {
			t.Errorf("%s: the HTML part does not link the contact or name its language:\n%s", subject, m.HTML)
		}
		if strings.Contains(m.Text, "Välkommen!") != (want.ends == "Välkommen!") {
			t.Errorf("%s: the sign-off does not fit:\n%s", subject, m.Text)
		}
		link := regManageLink.FindString(m.Text)
		if (link != "") != want.manage {
			t.Errorf("%s: manage link %q, want one: %v", subject, link, want.manage)
		}
		if want.manage && !strings.Contains(m.HTML, `<a href="`+link+`">`) {
			t.Errorf("%s: the HTML part does not link the manage page", subject)
		}
		var calendar []byte
		for _, a := range m.Attachments {
			if a.ContentType == "text/calendar" {
				calendar = a.Data
			}
		}
		if (calendar != nil) != want.calendar {
			t.Errorf("%s: calendar attached %v, want %v", subject, calendar != nil, want.calendar)
		}
		if calendar != nil {
			// Read by Python's icalendar: a confirmation publishes the event, a
			// cancellation cancels the same UID with a higher SEQUENCE (RFC 5546), and
			// the ORGANIZER is the event's contact, whom a reply reaches.
			cal := icalendarOf(t, calendar)
			wantMethod, wantStatus := "PUBLISH", "CONFIRMED"
			if strings.HasPrefix(subject, "Avbokad") {
				wantMethod, wantStatus = "CANCEL", "CANCELLED"
			}
			if cal.Method != wantMethod || cal.Status != wantStatus || cal.UID != ev.ID+"@folkhalsa-events" ||
				cal.Organizer != "mailto:anna.berg@regionvasterbotten.se" {
				t.Errorf("%s: calendar %+v", subject, cal)
			}
			sequences[subject] = cal.Sequence
		}
	}
	if c, x := sequences["Bekräftelse: "+title+" → a@umea.se"], sequences["Avbokad: "+title+" → a@umea.se"]; x <= c {
		t.Errorf("the cancellation's SEQUENCE %d is not above the confirmation's %d", x, c)
	}
}

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
