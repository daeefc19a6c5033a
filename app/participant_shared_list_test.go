package app_test

import (
	"net/url"
	"strings"
	"testing"

	"folkhalsa-events/events"
)

// The participant list people agreed to share: behind a confirmed participant's
// manage link and as the organiser's PDF (read back with pdftotext), exactly those
// with a place who ticked the consent, with organisation and municipality; not those
// who did not, nor those waiting or cancelled.
func TestSharedParticipantListHoldsOnlyThoseWhoAgreed(t *testing.T) {
	h := newRegHarness(t)
	ev := h.event(func(in *events.EventInput) { in.CapacityOnSite = 3 })
	anna := h.register(ev, regPerson("anna@umea.se", "first_name", "Anna", "last_name", "Samtyck", "organisation", "Umeå kommun",
		"municipality", "Umeå", "list_consent", "true"))
	h.register(ev, regPerson("bo@umea.se", "first_name", "Bo", "last_name", "Hemlig", "organisation", "Hemliga byrån", "municipality", "Lycksele"))
	cilla := h.register(ev, regPerson("cilla@umea.se", "first_name", "Cilla", "last_name", "Avbokad", "organisation", "Borta AB", "list_consent", "true"))
	h.register(ev, regPerson("dan@umea.se", "first_name", "Dan", "last_name", "Väntar", "organisation", "Kön AB", "list_consent", "true", "waitlist_ok", "true"))
	h.post(cilla+"/cancel", url.Values{"confirm": {"on"}}, 303) // Dan gets Cilla's seat
	erik := h.register(ev, regPerson("erik@umea.se", "first_name", "Erik", "last_name", "Sist", "organisation", "Kön AB", "list_consent", "true", "waitlist_ok", "true"))

	want := []string{"Anna Samtyck", "Umeå kommun", "Umeå", "Dan Väntar", "Kön AB"}
	never := []string{"Hemlig", "Hemliga byrån", "Lycksele", "Avbokad", "Borta AB", "Erik", "Sist"}
	check := func(name, body string) {
		t.Helper()
		for _, w := range want {
			if !strings.Contains(body, w) {
				t.Errorf("%s lacks %q:\n%s", name, w, body)
			}
		}
		for _, n := range never {
			if strings.Contains(body, n) {
				t.Errorf("%s shows %q, who did not agree or has no place:\n%s", name, n, body)
			}
		}
	}
	manage := h.page(anna, 200)
	if !strings.Contains(manage, anna+"/participants") {
		t.Error("the manage page does not link the participant list")
	}
	page := h.page(anna+"/participants", 200)
	checkPage(t, "shared list", page)
	check("the participants' page", mainOf(page))
	if !strings.Contains(page, "2 deltagare har valt att stå med") {
		t.Errorf("the count:\n%s", mainOf(page))
	}
	// Erik waits: no list for him; nor for a cancelled registration.
	if r := h.s.Get(t, erik+"/participants", "Accept", "text/html"); r.Status != 404 || !strings.Contains(r.Text(), "har en plats") {
		t.Errorf("the list for someone waiting: %d", r.Status)
	}
	pdf := h.s.Get(t, "/organiser/events/"+ev.ID+"/participant-list.pdf")
	if pdf.Status != 200 || pdf.Header.Get("Content-Type") != "application/pdf" {
		t.Fatalf("PDF: %d", pdf.Status)
	}
	check("the PDF", pdfToText(t, pdf.Body))
	if !strings.Contains(h.page("/organiser/events/"+ev.ID+"/participants", 200), "/participant-list.pdf") {
		t.Error("the participants page does not link the PDF")
	}
}
