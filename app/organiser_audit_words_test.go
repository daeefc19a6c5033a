package app_test

import (
	"net/url"
	"strings"
	"testing"

	"folkhalsa-events/events"
)

// The audit log says changes in words, with the event's title and what the change
// was: published, cancelled, a message sent (not one only previewed).
func TestAuditLogInWords(t *testing.T) {
	h := newRegHarness(t)
	ev, err := h.s.Deps.Events.CreateEvent(h.ctx, h.org.ID, events.EventInput{
		DetailsInput: events.DetailsInput{Type: "seminar", TitleSV: "Folkhälsodagen 2027", Mode: "digital"}, Start: "2026-10-20T09:00", End: "2026-10-20T12:00"})
	if err != nil {
		t.Fatal(err)
	}
	path := "/organiser/events/" + ev.ID
	if r := h.s.PostForm(t, path+"/status", url.Values{"status": {"published"}}); r.Status != 303 {
		t.Fatalf("publish: %d", r.Status)
	}
	if r := h.s.PostForm(t, path+"/status", url.Values{"status": {"cancelled"}, "confirm": {"yes"}}); r.Status != 303 {
		t.Fatalf("cancel: %d", r.Status)
	}
	page := h.s.Get(t, "/organiser/audit", "Accept", "text/html").Text()
	for _, want := range []string{"publicerade Folkhälsodagen 2027", "ställde in Folkhälsodagen 2027"} {
		if !strings.Contains(page, want) {
			t.Errorf("the audit log lacks %q:\n%s", want, mainOf(page))
		}
	}
	if strings.Contains(page, "/organiser/events/:id/status") {
		t.Error("the audit log shows a route")
	}
}
