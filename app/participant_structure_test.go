package app_test

import (
	"net/url"
	"strings"
	"testing"

	"folkhalsa-events/events"
)

// Every participant page, in both languages, with and without problems shown, passes
// the structural checks (checkRegPage: one h1, headings in order, a label for every
// control, radios and checkboxes in fieldsets with legends, unique ids, in-page links
// and aria-describedby pointing at real ids, nothing inline, no untranslated keys).
func TestRegistrationPagesStructure(t *testing.T) {
	h := newRegHarness(t)
	onSite := h.event(func(in *events.EventInput) { in.CapacityOnSite = 1 })
	h.workshop(onSite, "Barns uppväxtvillkor", "2026-10-14T10:00", "2026-10-14T11:00", "Sal A", 20)
	h.workshop(onSite, "Psykisk hälsa", "2026-10-14T10:00", "2026-10-14T11:00", "Sal B", 0)
	hybrid := h.event(func(in *events.EventInput) { in.Mode, in.OnlineURL = "hybrid", "https://meet.example.se/rum" })
	h.workshop(hybrid, "Levnadsvanor", "2026-10-14T13:00", "2026-10-14T14:00", "Sal A", 0)
	invite := h.event(func(in *events.EventInput) { in.Visibility = "invite_only" })
	closed := h.event(func(in *events.EventInput) { in.RegistrationCloses = "2026-08-15T12:00" })

	confirmed := h.register(onSite, regPerson("one@umea.se"))
	waiting := h.register(onSite, regPerson("two@umea.se", "waitlist_ok", "true"))
	digital := h.register(hybrid, regPerson("three@umea.se", "mode", "digital"))
	cancelled := h.register(hybrid, regPerson("four@umea.se", "mode", "on_site"))
	h.post(cancelled+"/cancel", url.Values{"confirm": {"true"}}, 303)

	for _, lang := range []string{"sv", "en"} {
		q := "?lang=" + lang
		for _, p := range []string{
			"/events/" + onSite.ID + "/register", "/events/" + hybrid.ID + "/register", "/events/" + invite.ID + "/register",
			"/events/" + closed.ID + "/register", "/events/" + onSite.ID + "/register/resend", "/privacy",
			confirmed, waiting, digital, cancelled,
		} {
			body := h.page(p+q, 200) // checkRegPage runs on each
			if !strings.Contains(body, `<html lang="`+lang+`">`) {
				t.Errorf("%s: not in %s", p, lang)
			}
		}
		h.page(confirmed+"?welcome=1&lang="+lang, 200)
		h.page(waiting+"?welcome=1&lang="+lang, 200)
		h.page(confirmed+"?notice=saved&lang="+lang, 200)
		h.page(cancelled+"?notice=cancelled&lang="+lang, 200)
		h.page("/manage/nobody/nothing"+q, 404)

		// Shown again with problems, and the other answers of a post (h.post checks each).
		h.post("/events/"+onSite.ID+"/register"+q, url.Values{"workshop_1": {"nope"}}, 422)
		h.post("/events/"+hybrid.ID+"/register"+q, url.Values{}, 422)
		h.post("/events/"+invite.ID+"/register"+q, regPerson("x@umea.se"), 403)
		h.post("/events/"+onSite.ID+"/register"+q, regPerson("five@umea.se"), 409)
		h.post("/events/"+onSite.ID+"/register"+q, regPerson("one@umea.se"), 409)
		h.post("/events/"+closed.ID+"/register"+q, regPerson("x@umea.se"), 409)
		h.post("/events/"+onSite.ID+"/register/resend"+q, url.Values{"email": {""}}, 422)
		h.post("/events/"+onSite.ID+"/register/resend"+q, url.Values{"email": {"nobody@umea.se"}}, 200) // a known one would replace the link
		h.post(confirmed+q, url.Values{}, 422)
		h.post(confirmed+"/cancel"+q, url.Values{}, 422)
		h.post("/events/"+onSite.ID+"/register"+q, regPerson("y@umea.se", "website", "x"), 400)
	}
	// The cancel form's address, reached by switching language on it, leads to the page.
	r := h.s.Get(t, confirmed+"/cancel?lang=en", "Accept", "text/html")
	if r.Status != 303 || r.Header.Get("Location") != confirmed+"?lang=en#cancel" {
		t.Errorf("GET cancel: %d %q", r.Status, r.Header.Get("Location"))
	}
	if strings.Contains(h.page(cancelled, 200), `action="`+cancelled+`"`) {
		t.Error("a cancelled registration still offers the edit form")
	}

	// Once the event is cancelled, the registration can no longer be changed here.
	if _, err := h.s.Deps.Events.SetStatus(h.ctx, hybrid.ID, events.StatusCancelled); err != nil {
		t.Fatal(err)
	}
	page := h.page(digital, 200)
	// One status: the event's, not the registration's "Bekräftad" beside it.
	if !strings.Contains(page, "Arrangören har ställt in evenemanget.") || !strings.Contains(page, "kan inte längre ändras") ||
		!strings.Contains(page, `reg-status-cancelled">Inställt<`) || strings.Contains(page, "Bekräftad") ||
		strings.Contains(page, "<form") || strings.Contains(page, "meet.example.se") {
		t.Errorf("manage page of a cancelled event:\n%s", mainOf(page))
	}
	h.post(digital, regPerson("three@umea.se"), 409)
	h.post(digital+"/cancel", url.Values{"confirm": {"true"}}, 409)
	h.post(cancelled, regPerson("four@umea.se"), 409) // the registration itself is cancelled
}
