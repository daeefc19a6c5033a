package app_test

import (
	"net/url"
	"strings"
	"testing"
)

// One registration per address and event; a second attempt learns only that, and is
// offered its link again. Resending answers the same for any address, and mails only
// a registered one, whose old link then stops working.
func TestRegistrationDuplicateAndResend(t *testing.T) {
	h, srv := smtpHarness(t)
	ev := h.event(nil)
	formPath := "/events/" + ev.ID + "/register"
	first := h.register(ev, regPerson("kim.lindqvist@skelleftea.se"))

	// The same address in other case and with spaces: 409, the resend offer, nothing stored.
	again := h.post(formPath, regPerson(" Kim.Lindqvist@Skelleftea.SE ", "first_name", "Kimberly"), 409).Text()
	doc := parse(t, again)
	if !strings.Contains(text(find(doc, tag("h1"))), "Du är redan anmäld") || !strings.Contains(again, "redan anmäld till evenemanget") {
		t.Errorf("duplicate page:\n%s", mainOf(again))
	}
	resendAction := "/events/" + ev.ID + "/register/resend?lang=sv"
	form := find(doc, tag("form"))
	if attr(form, "action") != resendAction || strings.TrimSpace(attr(byID(doc, "email"), "value")) != "Kim.Lindqvist@Skelleftea.SE" {
		t.Errorf("resend offer: action %q, e-mail %q", attr(form, "action"), attr(byID(doc, "email"), "value"))
	}
	for _, leak := range []string{"Kim Lindqvist", "Skellefteå kommun", "Folkhälsostrateg", "Bekräftad"} {
		if strings.Contains(mainOf(again), leak) {
			t.Errorf("the duplicate page reveals %q", leak)
		}
	}
	if n := h.count(); n != 1 {
		t.Errorf("%d registrations after the duplicate, want 1", n)
	}
	if r := h.postJSON("/api/v1/public/events/"+ev.ID+"/registrations", regJSONPerson("KIM.lindqvist@skelleftea.se"), 409); r.ErrorCode() != "already_registered" {
		t.Errorf("duplicate through the API: %s", r.Body)
	}

	// The confirmation mail carries the first link.
	mails := h.deliver(srv, 1)
	if m := regManageLink.FindStringSubmatch(mails[0].Text); m == nil || m[1] != first {
		t.Fatalf("confirmation link %v, registration went to %s", m, first)
	}

	// Resending: the same page for a registered and an unknown address.
	known := h.post(resendAction, url.Values{"email": {"KIM.lindqvist@skelleftea.se"}}, 200).Text()
	unknown := h.post(resendAction, url.Values{"email": {"nobody@skelleftea.se"}}, 200).Text()
	if mainOf(known) != mainOf(unknown) || !strings.Contains(known, "Om adressen är anmäld till evenemanget har vi skickat en ny länk") {
		t.Errorf("resend answers differ or say too little:\n%s\n---\n%s", mainOf(known), mainOf(unknown))
	}
	if strings.Contains(known, "kim.lindqvist") || strings.Contains(unknown, "nobody@") {
		t.Error("the resend answer repeats the address")
	}
	// Not an address at all: said so, next to the field; nothing is sent.
	bad := h.post(resendAction, url.Values{"email": {"inte en adress"}}, 422).Text()
	if msg := fieldError(t, bad, "email"); !strings.Contains(msg, "giltig e-postadress") {
		t.Errorf("bad address: %q", msg)
	}
	if r := h.postJSON("/api/v1/public/events/"+ev.ID+"/registrations/resend", map[string]string{"email": ""}, 422); r.ErrorCode() != "validation_failed" {
		t.Errorf("JSON resend without address: %s", r.Body)
	}
	newLink := func(want int) string {
		t.Helper()
		m := h.deliver(srv, want)[want-1]
		if !strings.Contains(m.To, "kim.lindqvist@skelleftea.se") || m.Subject != "Din anmälan: Folkhälsokonferensen i Umeå" {
			t.Errorf("resend mail to %q: %q", m.To, m.Subject)
		}
		l := regManageLink.FindStringSubmatch(m.Text)
		if l == nil {
			t.Fatalf("no link in the resend mail:\n%s", m.Text)
		}
		return l[1]
	}
	second := newLink(2)

	// The JSON route: 202 and the same message either way.
	a := h.postJSON("/api/v1/public/events/"+ev.ID+"/registrations/resend", map[string]string{"email": "nobody@umea.se"}, 202)
	b := h.postJSON("/api/v1/public/events/"+ev.ID+"/registrations/resend", map[string]string{"email": "kim.lindqvist@skelleftea.se"}, 202)
	if a.Text() != b.Text() || !strings.Contains(a.Text(), "Om adressen är anmäld") {
		t.Errorf("JSON resend answers: %s / %s", a.Body, b.Body)
	}
	third := newLink(3)

	// Nothing went to the unknown addresses.
	if _, err := h.s.Deps.Outbox.DeliverDue(h.ctx); err != nil {
		t.Fatal(err)
	}
	if got := len(srv.Messages()); got != 3 {
		t.Errorf("%d messages sent, want 3 (confirmation and two new links)", got)
	}
	for _, m := range srv.Messages() {
		if p := m.Parse(t); strings.Contains(p.To, "nobody") {
			t.Errorf("mail to an unregistered address: %q", p.To)
		}
	}
	links := []string{second, third}

	// Only the newest link works.
	h.page(first, 404)
	h.page(links[0], 404)
	if page := h.page(links[1], 200); !strings.Contains(page, "Kim Lindqvist") {
		t.Error("the new link does not show the registration")
	}
	notFound := h.s.Get(t, first, "Accept", "text/html")
	if notFound.Header.Get("Cache-Control") != "no-store" || notFound.Header.Get("Referrer-Policy") != "no-referrer" ||
		!strings.Contains(notFound.Text(), "har länken ersatts av en nyare") {
		t.Errorf("old link: %d %q\n%s", notFound.Status, notFound.Header.Get("Cache-Control"), mainOf(notFound.Text()))
	}
	// A token that never existed, and an unknown registration id, look the same.
	reg := strings.Split(first, "/")[2]
	h.page("/manage/"+reg+"/wrongtoken", 404)
	h.page("/manage/nosuchregistration/wrongtoken", 404)
	h.post("/manage/"+reg+"/wrongtoken/cancel", url.Values{"confirm": {"true"}}, 404)
	if st := h.list(ev)[0].Status; st != "confirmed" {
		t.Errorf("a wrong token cancelled the registration: %s", st)
	}
}
