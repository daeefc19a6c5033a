package app_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"folkhalsa-events/badges"
	"folkhalsa-events/registration"
)

// The printed batch and the door agree: every QR code on the sheets decodes, scans in
// the right person, and only once.
func TestBadgeBatchRoundTripThroughTheScanner(t *testing.T) {
	f := newDoor(t, 12, 0)
	r := f.s.Get(t, f.path("/badges.pdf?layout=insert"))
	if r.Status != 200 || r.Header.Get("Content-Type") != "application/pdf" || r.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("badges.pdf: %d %s %s", r.Status, r.Header.Get("Content-Type"), r.Header.Get("Cache-Control"))
	}
	codes, pages := pdfQRCodes(t, r.Body, badges.LayoutInsert)
	if pages != 2 {
		t.Errorf("%d pages for 12 inserts, want 2 (10 per sheet)", pages)
	}
	want := map[string]registration.Registration{}
	for _, p := range f.people {
		want[f.code(p)] = p
	}
	seen := map[string]bool{}
	for _, c := range codes {
		if seen[c] {
			t.Errorf("code %s printed twice", c)
		}
		seen[c] = true
		if _, ok := want[c]; !ok {
			t.Errorf("code %s is not an on-site confirmed participant's", c)
		}
	}
	for c, p := range want {
		if !seen[c] {
			t.Errorf("%s's badge is missing from the batch", p.FullName())
		}
	}
	for _, outsider := range []registration.Registration{f.waiting, f.digital, f.cancelled, f.other} {
		if seen[f.code(outsider)] {
			t.Errorf("%s (%s, %s) is in the batch", outsider.FullName(), outsider.Status, outsider.Mode)
		}
	}

	token := f.link("Entré A")
	for _, c := range codes {
		id, err := f.s.Deps.Badges.Coder().Parse(c)
		if err != nil {
			t.Fatalf("decoded %q does not parse: %v", c, err)
		}
		p := want[c]
		if id != p.ID {
			t.Fatalf("code %s names %s, want %s", c, id, p.ID)
		}
		got := f.scan(token, c, "")
		wantScan(t, "first scan of "+p.FullName(), got, "ok", "ok")
		if got.Name != p.FullName() || got.RegistrationID != p.ID || got.Organisation != "Umeå kommun" || got.Diet != "Vegetarisk" {
			t.Errorf("scan of %s's badge: %+v", p.FullName(), got)
		}
		if !strings.Contains(got.Message, p.FullName()) {
			t.Errorf("message %q does not name %s", got.Message, p.FullName())
		}
	}
	for _, c := range codes {
		got := f.scan(token, c, "")
		wantScan(t, "second scan of "+want[c].FullName(), got, "already_checked_in", "warn")
		if got.Name != want[c].FullName() || got.Station != "Entré A" || got.CheckedInClock != "08:00" {
			t.Errorf("second scan: %+v", got)
		}
	}
	if n := f.checkedIn(); n != 12 {
		t.Errorf("%d check-ins, want 12", n)
	}
}

func TestBadgeBatchOnlyNewAndCategory(t *testing.T) {
	f := newDoor(t, 3, 5)
	decode := func(query string) []string {
		t.Helper()
		r := f.s.Get(t, f.path("/badges.pdf"+query))
		if r.Status != 200 {
			t.Fatalf("badges.pdf%s: %d %s", query, r.Status, r.Body)
		}
		layout := badges.LayoutInsert
		if strings.Contains(query, "layout=a6") {
			layout = badges.LayoutA6
		}
		codes, _ := pdfQRCodes(t, r.Body, layout)
		slices.Sort(codes)
		return codes
	}
	codesOf := func(rs ...registration.Registration) []string {
		var out []string
		for _, r := range rs {
			out = append(out, f.code(r))
		}
		slices.Sort(out)
		return out
	}

	body, doc := f.page(f.path("/badges"), 200)
	if got := text(find(byID(doc, "badge-figures"), func(n *html.Node) bool { return attr(n, "data-key") == "new" })); !strings.HasPrefix(got, "3 ") {
		t.Errorf("new badges before any batch: %q", got)
	}
	for _, p := range f.people {
		if !strings.Contains(body, p.FullName()) || !hasLink(doc, f.path("/registrations/"+p.ID+"/badge.pdf")) {
			t.Errorf("the badges page lacks %s and the link to their badge", p.FullName())
		}
	}
	if strings.Contains(body, f.digital.FullName()) || strings.Contains(body, f.cancelled.FullName()) {
		t.Error("the badges page lists someone who gets no badge")
	}

	// The first batch of only new ones is everyone; A6 works too.
	if got, want := decode("?layout=a6&only=new"), codesOf(f.people...); !slices.Equal(got, want) {
		t.Errorf("first batch: %v, want %v", got, want)
	}
	if got := decode("?only=new"); len(got) != 0 {
		t.Errorf("nothing is new, yet the batch has %v", got)
	}
	printed, err := f.s.Deps.Badges.Printed(f.ctx, f.ev.ID)
	if err != nil || len(printed) != 3 {
		t.Errorf("printed after the batch: %v %v", printed, err)
	}

	// Two register late: only they are new.
	var late []registration.Registration
	f.registering(func() {
		late = append(late, f.register(f.ev.ID, "Yngve", "Sent", "on_site", nil), f.register(f.ev.ID, "Åke", "Senare", "on_site", nil))
	})
	_, doc = f.page(f.path("/badges"), 200)
	if got := text(find(byID(doc, "badge-figures"), func(n *html.Node) bool { return attr(n, "data-key") == "new" })); !strings.HasPrefix(got, "2 ") {
		t.Errorf("new badges after two late registrations: %q", got)
	}
	if got, want := decode("?layout=insert&only=new"), codesOf(late...); !slices.Equal(got, want) {
		t.Errorf("only new: %v, want the late ones %v", got, want)
	}
	if got := decode("?only=new"); len(got) != 0 {
		t.Errorf("after printing the late ones: %v", got)
	}
	// All, again: everyone (reprinting changes nothing).
	if got, want := decode(""), codesOf(append(slices.Clone(f.people), late...)...); !slices.Equal(got, want) {
		t.Errorf("all: %v, want %v", got, want)
	}

	// Category: set on the badges page, then print one category.
	loc := f.post(f.path("/registrations/"+f.people[1].ID+"/category"), map[string]string{"category": "speaker"}, 303).Header.Get("Location")
	if loc != f.path("/badges")+"?notice=category-saved#r-"+f.people[1].ID {
		t.Errorf("after saving the category: %q", loc)
	}
	page, doc := f.page(strings.SplitN(loc, "#", 2)[0], 200)
	if notice(page) == "" || attr(find(byID(doc, "category-"+f.people[1].ID), func(n *html.Node) bool { return hasAttr(n, "selected") }), "value") != "speaker" {
		t.Error("the badges page does not show the saved category")
	}
	if r, _ := f.s.Deps.Registrations.Registration(f.ctx, f.people[1].ID); r.Category != registration.CategorySpeaker {
		t.Errorf("stored category %q", r.Category)
	}
	if got, want := decode("?category=speaker"), codesOf(f.people[1]); !slices.Equal(got, want) {
		t.Errorf("speakers: %v, want %v", got, want)
	}
	token := f.link("Entré A")
	if got := f.scan(token, f.code(f.people[1]), ""); got.Category != "speaker" || got.CategoryLabel != "Talare" {
		t.Errorf("the scanner shows category %q (%q)", got.Category, got.CategoryLabel)
	}
	// JSON, a bad category, and another event's registration.
	if r := f.s.SendJSON(t, "POST", f.path("/registrations/"+f.people[2].ID+"/category"), map[string]string{"category": "staff"}); r.Status != 200 || !strings.Contains(r.Text(), `"category":"staff"`) {
		t.Errorf("category as JSON: %d %s", r.Status, r.Body)
	}
	if r := f.s.SendJSON(t, "POST", f.path("/registrations/"+f.people[2].ID+"/category"), map[string]string{"category": "vip"}); r.Status != 422 {
		t.Errorf("an unknown category: %d %s", r.Status, r.Body)
	}
	if r := f.s.SendJSON(t, "POST", f.path("/registrations/"+f.other.ID+"/category"), map[string]string{"category": "staff"}); r.Status != 404 {
		t.Errorf("another event's registration: %d", r.Status)
	}
	for _, q := range []string{"?layout=a5", "?only=old", "?category=vip"} {
		if r := f.s.Get(t, f.path("/badges.pdf"+q)); r.Status != 422 {
			t.Errorf("badges.pdf%s: %d", q, r.Status)
		}
	}
}

func TestBadgeSingleAndParticipantBadge(t *testing.T) {
	f := newDoor(t, 2, 0)
	token := f.link("Entré A")
	p := f.people[0]

	// The participant's own badge, from the manage page.
	manage := "/manage/" + p.ID + "/" + f.tokens[p.ID]
	mp := f.s.Get(t, manage, "Accept", "text/html")
	if mp.Status != 200 || !hasLink(parse(t, mp.Text()), manage+"/badge.pdf") {
		t.Fatalf("the manage page of a confirmed on-site participant does not link the badge (%d)", mp.Status)
	}
	r := f.s.Get(t, manage+"/badge.pdf")
	if r.Status != 200 || r.Header.Get("Content-Type") != "application/pdf" || r.Header.Get("Cache-Control") != "no-store" || r.Header.Get("Referrer-Policy") != "no-referrer" {
		t.Fatalf("participant badge: %d %v", r.Status, r.Header)
	}
	codes, pages := pdfQRCodes(t, r.Body, "")
	if pages != 1 || len(codes) != 1 || codes[0] != f.code(p) {
		t.Fatalf("the participant's badge decodes to %v (%d pages)", codes, pages)
	}
	if got := f.scan(token, codes[0], ""); got.Outcome != "ok" || got.Name != p.FullName() {
		t.Errorf("scanning the participant's own badge: %+v", got)
	}

	// Waiting and digital participants have no badge: 404 with a clear message.
	for _, who := range []registration.Registration{f.waiting, f.digital} {
		m := "/manage/" + who.ID + "/" + f.tokens[who.ID]
		page := f.s.Get(t, m, "Accept", "text/html")
		if hasLink(parse(t, page.Text()), m+"/badge.pdf") {
			t.Errorf("the manage page of %s links a badge", who.FullName())
		}
		r := f.s.Get(t, m+"/badge.pdf", "Accept", "text/html")
		if r.Status != http.StatusNotFound || !strings.Contains(r.Text(), "bekräftade deltagare som kommer på plats") {
			t.Errorf("badge of %s: %d\n%s", who.FullName(), r.Status, mainOf(r.Text()))
		}
		if j := f.s.Get(t, m+"/badge.pdf"); j.Status != 404 || j.ErrorCode() != "no_badge" {
			t.Errorf("badge of %s as JSON: %d %s", who.FullName(), j.Status, j.Body)
		}
	}
	if r := f.s.Get(t, "/manage/"+p.ID+"/wrongtoken/badge.pdf"); r.Status != 404 {
		t.Errorf("a wrong manage token: %d", r.Status)
	}

	// The organiser's single badge.
	one := f.s.Get(t, f.path("/registrations/"+f.people[1].ID+"/badge.pdf"))
	if one.Status != 200 {
		t.Fatalf("organiser's single badge: %d", one.Status)
	}
	if codes, _ := pdfQRCodes(t, one.Body, ""); len(codes) != 1 || codes[0] != f.code(f.people[1]) {
		t.Errorf("the single badge decodes to %v", codes)
	}
	if r := f.s.Get(t, f.path("/registrations/"+f.waiting.ID+"/badge.pdf")); r.Status != 404 {
		t.Errorf("a waiting participant's badge: %d", r.Status)
	}
	if r := f.s.Get(t, f.path("/registrations/"+f.other.ID+"/badge.pdf")); r.Status != 404 {
		t.Errorf("another event's registration: %d", r.Status)
	}
	// A single badge is no batch.
	if printed, _ := f.s.Deps.Badges.Printed(f.ctx, f.ev.ID); len(printed) != 0 {
		t.Errorf("single badges were recorded as printed: %v", printed)
	}
}
