package app_test

import (
	"strings"
	"testing"

	"folkhalsa-events/events"
)

// Without an SMTP server (development), queued mail can be read on the operator's
// outbox page: each message with its recipient, state and text, searchable by
// address; the page says that nothing is being sent.
func TestOperatorReadsQueuedMailWithoutSMTP(t *testing.T) {
	h := newRegHarness(t)
	ev := h.event(func(in *events.EventInput) { in.ContactEmail = "anna.berg@regionvasterbotten.se" })
	h.register(ev, regPerson("kim@umea.se"))
	h.register(ev, regPerson("lo@umea.se"))

	page := h.s.Get(t, "/organiser/outbox", "Accept", "text/html")
	if page.Status != 200 || page.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("outbox page: %d %q", page.Status, page.Header.Get("Cache-Control"))
	}
	body := page.Text()
	for _, want := range []string{"Ingen SMTP-server är inställd", "Bekräftelse: Folkhälsokonferensen i Umeå", "kim@umea.se", "lo@umea.se",
		"Väntar", "anna.berg@regionvasterbotten.se", "Tack för din anmälan"} {
		if !strings.Contains(body, want) {
			t.Errorf("the outbox page lacks %q:\n%s", want, mainOf(body))
		}
	}
	one := h.s.Get(t, "/organiser/outbox?to=KIM@umea.se", "Accept", "text/html").Text()
	if !strings.Contains(one, "kim@umea.se") || strings.Contains(one, "lo@umea.se") {
		t.Errorf("searching for one address:\n%s", mainOf(one))
	}
	if !strings.Contains(h.s.Logs(), `"msg":"outbox: queued"`) {
		t.Error("a queued mail is logged")
	}
}
