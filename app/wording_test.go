package app_test

import (
	"strings"
	"testing"

	"folkhalsa-events/app/apptest"
	"folkhalsa-events/events"
	"folkhalsa-events/municipal"
)

// Texts that said something untrue where they were used: the organiser's add-person
// form asks about the person, not "you"; the municipality hint there and on the visit
// request form does not speak of where an event is held; one new request is "1 ny";
// an organiser who is not an operator is refused the outbox without mention of
// creating organisations.
func TestWordsFitWhereTheyAreUsed(t *testing.T) {
	h := newRegHarness(t)
	ev := h.event(func(in *events.EventInput) { in.Mode, in.OnlineURL = "hybrid", "https://meet.example.se/x" })
	add := h.page("/organiser/events/"+ev.ID+"/participants/add", 200)
	for _, want := range []string{"Hur deltar personen?", "Kommunen personen arbetar i eller för."} {
		if !strings.Contains(add, want) {
			t.Errorf("add-person form lacks %q", want)
		}
	}
	request := h.page("/visit-request?org="+h.org.ID, 200)
	if !strings.Contains(request, "Kommunen som vill ha besöket eller utbildningen.") {
		t.Error("the visit-request form's municipality hint")
	}
	for name, page := range map[string]string{"add-person form": add, "visit-request form": request} {
		for _, wrong := range []string{"Hur deltar du?", "där evenemanget hålls"} {
			if strings.Contains(page, wrong) {
				t.Errorf("%s says %q", name, wrong)
			}
		}
	}
	if _, err := h.s.Deps.Municipal.SubmitRequest(h.ctx, h.org, municipal.RequestInput{Kind: "visit", Municipality: "Umeå", Name: "Kim Lind",
		Email: "kim.lind@umea.se", Topics: []string{"ta:1"}}, "sv"); err != nil {
		t.Fatal(err)
	}
	if page := h.page("/organiser/organisations/"+h.org.ID+"/municipalities", 200); !strings.Contains(page, ">1 ny<") {
		t.Errorf("one new request:\n%s", mainOf(page))
	}
	viewer := h.s.SessionFor(t, h.s.CreateAccount(t, "admin@region.se", "", apptest.Member(h.org.ID, "admin")))
	r := viewer.Get(t, "/organiser/outbox", "Accept", "text/html")
	if r.Status != 403 || strings.Contains(r.Text(), "skapa organisationer") || !strings.Contains(r.Text(), "Bara plattformens driftansvariga har tillgång") {
		t.Errorf("the outbox refused: %d\n%s", r.Status, mainOf(r.Text()))
	}
}
