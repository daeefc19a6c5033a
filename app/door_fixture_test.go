package app_test

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"golang.org/x/net/html"

	"folkhalsa-events/app/apptest"
	"folkhalsa-events/badges"
	"folkhalsa-events/events"
	"folkhalsa-events/platform/datastore/storetest"
	"folkhalsa-events/platform/testtools"
	"folkhalsa-events/registration"
)

// The door: badges, scanner links, scanning and the check-in dashboard, driven over
// HTTP. The app's clock is the conference morning (08:00 on 14 October 2026); people
// register a month and a half before, with the registration service's clock set back
// for that, since registration closes when the event starts.

var (
	doorNow      = time.Date(2026, 10, 14, 8, 0, 0, 0, events.Stockholm)
	doorRegister = time.Date(2026, 9, 1, 12, 0, 0, 0, events.Stockholm)
)

// doorNames are the on-site participants, in registration order (not name order).
var doorNames = [][2]string{
	{"Åsa", "Öberg"}, {"Erik", "Andersson"}, {"Fatima", "Ali"}, {"Jonas", "Berg"}, {"Karin", "Nilsson"},
	{"Lena", "Holm"}, {"Mats", "Ek"}, {"Nora", "Zetterlund"}, {"Olle", "Ängström"}, {"Pia", "Dahl"},
	{"Rami", "Lind"}, {"Sara", "Åkesson"}, {"Tove", "Strand"}, {"Ulf", "Viklund"},
}

type doorFixture struct {
	t   *testing.T
	s   *apptest.Server
	ctx context.Context
	org events.Organisation
	ev  events.Event // hybrid, on-site seats = the number of on-site participants
	ws  events.Session
	// people are the on-site confirmed participants, in registration order; the first
	// workshopSeats of them have a seat in ws.
	people    []registration.Registration
	tokens    map[string]string // manage tokens by registration id
	waiting   registration.Registration
	digital   registration.Registration
	cancelled registration.Registration
	other     registration.Registration // of another event
	n         int
}

const workshopSeats = 3

// newDoor builds the app with n confirmed on-site participants, one waiting (when the
// on-site seats are n), one digital, one cancelled and one of another event.
func newDoor(t *testing.T, n int, extraSeats int) *doorFixture {
	t.Helper()
	s := apptest.New(t, apptest.WithClock(doorNow))
	f := &doorFixture{t: t, s: s, ctx: storetest.Ctx(t), tokens: map[string]string{}, n: n}
	org, err := s.Deps.Events.CreateOrganisation(f.ctx, events.OrganisationInput{Name: "Region Västerbotten", Kind: "region", County: "24"})
	if err != nil {
		t.Fatal(err)
	}
	f.org = org
	f.ev = f.event("Folkhälsokonferensen 2026", "hybrid", n+extraSeats)
	f.ws, err = s.Deps.Events.AddSession(f.ctx, f.ev.ID, events.SessionInput{TitleSV: "Psykisk hälsa bland unga", TitleEN: "Mental health among young people",
		Start: "2026-10-14T10:00", End: "2026-10-14T11:00", Room: "Sal A", Kind: "workshop", SeatLimit: workshopSeats})
	if err != nil {
		t.Fatal(err)
	}
	otherEv := f.event("Nätverksträff psykisk hälsa", "on_site", 10)

	f.registering(func() {
		// Cancelled first, so that its seat goes to the participants after it.
		f.cancelled = f.register(f.ev.ID, "Cecilia", "Carlsson", "on_site", nil)
		if _, err := s.Deps.Registrations.CancelByOrganiser(f.ctx, f.cancelled.ID); err != nil {
			t.Fatal(err)
		}
		for i := range n {
			var ws []string
			if i < workshopSeats {
				ws = []string{f.ws.ID}
			}
			name := doorNames[i%len(doorNames)]
			last := name[1]
			if i >= len(doorNames) {
				last = fmt.Sprintf("%s %d", last, i)
			}
			f.people = append(f.people, f.register(f.ev.ID, name[0], last, "on_site", ws))
		}
		if extraSeats == 0 {
			f.waiting = f.register(f.ev.ID, "Vera", "Väntare", "on_site", nil)
		}
		f.digital = f.register(f.ev.ID, "Dora", "Digital", "digital", nil)
		f.other = f.register(otherEv.ID, "Otto", "Annan", "on_site", nil)
	})
	for _, r := range f.people {
		if r.Status != registration.StatusConfirmed {
			t.Fatalf("%s is %s, want confirmed", r.FullName(), r.Status)
		}
	}
	if extraSeats == 0 && f.waiting.Status != registration.StatusWaiting {
		t.Fatalf("the waiting participant is %s", f.waiting.Status)
	}
	return f
}

// registering runs fn with the registration service's clock before the event.
func (f *doorFixture) registering(fn func()) {
	f.s.Deps.Registrations.SetClock(func() time.Time { return doorRegister })
	defer f.s.Deps.Registrations.SetClock(func() time.Time { return doorNow })
	fn()
}

func (f *doorFixture) event(title, mode string, seats int) events.Event {
	f.t.Helper()
	ev, err := f.s.Deps.Events.CreateEvent(f.ctx, f.org.ID, events.EventInput{
		DetailsInput: events.DetailsInput{Type: "conference", TitleSV: title, TitleEN: title + " (EN)", VenueName: "Folkets hus", VenueCity: "Umeå",
			Mode: mode, CapacityOnSite: seats, Municipality: "Umeå"},
		Start: "2026-10-14T09:00", End: "2026-10-14T16:00",
	})
	if err != nil {
		f.t.Fatal(err)
	}
	if ev, err = f.s.Deps.Events.SetStatus(f.ctx, ev.ID, events.StatusPublished); err != nil {
		f.t.Fatal(err)
	}
	return ev
}

// register registers someone (call inside registering).
func (f *doorFixture) register(eventID, first, last, mode string, workshops []string) registration.Registration {
	f.t.Helper()
	email := strings.ToLower(strings.NewReplacer("Å", "a", "Ä", "a", "Ö", "o", "å", "a", "ä", "a", "ö", "o", " ", "").Replace(first+"."+last)) + "@example.se"
	res, err := f.s.Deps.Registrations.Register(f.ctx, eventID, registration.Input{
		FirstName: first, LastName: last, Email: email, Organisation: "Umeå kommun", OrgType: "kommun", Municipality: "Umeå",
		Mode: mode, Diet: "Vegetarisk", Workshops: workshops, PrivacyOK: true, WaitlistOK: true,
	}, "sv")
	if err != nil {
		f.t.Fatalf("register %s %s: %v", first, last, err)
	}
	f.tokens[res.Registration.ID] = res.ManageToken
	return res.Registration
}

func (f *doorFixture) code(r registration.Registration) string {
	return f.s.Deps.Badges.Coder().Code(r.ID)
}

// checkedIn is the number of check-in documents stored (any event, any scope).
func (f *doorFixture) checkedIn() int64 {
	f.t.Helper()
	n, err := f.s.DB.Collection("badge_checkins").CountDocuments(f.ctx, bson.D{})
	if err != nil {
		f.t.Fatal(err)
	}
	return n
}

func (f *doorFixture) path(rest string) string { return "/organiser/events/" + f.ev.ID + rest }

// link creates a scanner link through the JSON API and returns its token.
func (f *doorFixture) link(station string) string {
	f.t.Helper()
	r := f.s.SendJSON(f.t, "POST", "/api/v1/events/"+f.ev.ID+"/scanner-links", map[string]any{"station": station})
	if r.Status != http.StatusCreated {
		f.t.Fatalf("create scanner link: %d %s", r.Status, r.Body)
	}
	var out struct {
		Token string `json:"token"`
		URL   string `json:"url"`
	}
	r.JSON(f.t, &out)
	if out.Token == "" || out.URL != "http://events.test/scan/"+out.Token {
		f.t.Fatalf("created link: %s", r.Body)
	}
	return out.Token
}

// scanResult is the scan API's answer.
type scanResult struct {
	Outcome        string `json:"outcome"`
	RegistrationID string `json:"registration_id"`
	Name           string `json:"name"`
	Organisation   string `json:"organisation"`
	Category       string `json:"category"`
	CategoryLabel  string `json:"category_label"`
	Diet           string `json:"diet"`
	Station        string `json:"station"`
	CheckedInClock string `json:"checked_in_clock"`
	SessionID      string `json:"session_id"`
	Tone           string `json:"tone"`
	Verdict        string `json:"verdict"`
	Message        string `json:"message"`
	CheckedIn      int    `json:"checked_in"`
	Expected       int    `json:"expected"`
}

func (f *doorFixture) scan(token, code, session string) scanResult {
	f.t.Helper()
	r := f.s.SendJSON(f.t, "POST", "/api/v1/scan/"+token, map[string]any{"code": code, "session_id": session})
	if r.Status != http.StatusOK {
		f.t.Fatalf("scan: %d %s", r.Status, r.Body)
	}
	var out scanResult
	r.JSON(f.t, &out)
	return out
}

func wantScan(t *testing.T, what string, got scanResult, outcome, tone string) {
	t.Helper()
	if got.Outcome != outcome || got.Tone != tone || got.Message == "" || got.Verdict == "" {
		t.Errorf("%s: outcome %q tone %q (message %q), want %s/%s", what, got.Outcome, got.Tone, got.Message, outcome, tone)
	}
}

// --- QR codes ----------------------------------------------------------------------

// zbar decodes the QR codes of a PNG file.
func zbar(t *testing.T, png string) []string {
	t.Helper()
	zbarimg := testtools.RequireTool(t, "zbarimg", "zbar-tools")
	out, err := exec.Command(zbarimg, "--raw", "-q", png).Output()
	var exit *exec.ExitError
	if errors.As(err, &exit) && exit.ExitCode() == 4 {
		err = nil // no symbol found
	}
	if err != nil {
		t.Fatalf("zbarimg %s: %v", png, err)
	}
	return strings.Fields(string(out))
}

// pdfQRCodes renders every page of a PDF at 150 dpi and decodes its QR codes, slot by
// slot for a sheet of the given layout ("": a single badge, the whole page).
func pdfQRCodes(t *testing.T, pdf []byte, layout badges.Layout) (codes []string, pages int) {
	t.Helper()
	var regions []testtools.Region
	for _, sl := range badges.Slots(layout) {
		regions = append(regions, testtools.Region{X: sl.X, Y: sl.Y, W: sl.W, H: sl.H})
	}
	perPage := testtools.PDFQRCodes(t, pdf, 150, regions)
	for _, p := range perPage {
		codes = append(codes, p...)
	}
	return codes, len(perPage)
}

// pageQR decodes the QR code image (a data: URL) of an HTML page.
func pageQR(t *testing.T, body string) []string {
	t.Helper()
	imgs := findAll(parse(t, body), func(n *html.Node) bool {
		return n.Type == html.ElementNode && n.Data == "img" && strings.HasPrefix(attr(n, "src"), "data:image/png;base64,")
	})
	if len(imgs) != 1 {
		t.Fatalf("%d QR images on the page, want 1", len(imgs))
	}
	if attr(imgs[0], "alt") == "" {
		t.Error("the QR image has no text alternative")
	}
	png, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(attr(imgs[0], "src"), "data:image/png;base64,"))
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "qr.png")
	if err := os.WriteFile(file, png, 0o600); err != nil {
		t.Fatal(err)
	}
	return zbar(t, file)
}

// --- page checks -----------------------------------------------------------------

var (
	doorScript       = regexp.MustCompile(`<script src="(/static/[a-z/]+\.js)" defer></script>`)
	doorUntranslated = regexp.MustCompile(`\b(badge|scan|chk)\.[a-z_]+(\.[a-z_-]+)*\b`)
)

// checkDoorPage runs the organiser pages' structural checks (checkPage) on the door's
// pages, which add two things checkPage does not expect: the scanner page and the
// dashboard load one script each, from our own origin (checked here: no inline
// script, nothing but a src), and some forms are GETs (choosing a workshop, searching,
// the print options), which change nothing. Tables must have captions and scoped
// header cells, and no text key may be left untranslated.
func checkDoorPage(t *testing.T, name, body string) *html.Node {
	t.Helper()
	doc := parse(t, body)
	for _, sc := range findAll(doc, tag("script")) {
		if !strings.HasPrefix(attr(sc, "src"), "/static/") || text(sc) != "" || len(sc.Attr) != 2 {
			t.Errorf("%s: a script that is not one file of ours: %v", name, sc.Attr)
		}
	}
	stripped := doorScript.ReplaceAllString(body, "")
	stripped = strings.ReplaceAll(stripped, `<form method="get"`, `<form method="post"`)
	checkPage(t, name, stripped)
	for _, table := range findAll(doc, tag("table")) {
		if c := find(table, tag("caption")); c == nil || text(c) == "" {
			t.Errorf("%s: table %q without a caption", name, attr(table, "id"))
		}
		for _, th := range findAll(table, tag("th")) {
			if sc := attr(th, "scope"); sc != "col" && sc != "row" {
				t.Errorf("%s: <th>%s</th> without scope", name, text(th))
			}
		}
	}
	main := find(doc, tag("main"))
	if key := doorUntranslated.FindString(text(main)); key != "" {
		t.Errorf("%s: untranslated text key %q", name, key)
	}
	for _, n := range findAll(doc, func(n *html.Node) bool { return n.Type == html.ElementNode }) {
		for _, a := range n.Attr {
			if strings.HasPrefix(a.Key, "data-") && doorUntranslated.MatchString(a.Val) && !strings.Contains(a.Val, " ") {
				t.Errorf("%s: untranslated text key %q in %s", name, a.Val, a.Key)
			}
		}
	}
	return doc
}

// page GETs a page as a browser and checks its structure.
func (f *doorFixture) page(path string, status int, headers ...string) (string, *html.Node) {
	f.t.Helper()
	r := f.s.Get(f.t, path, append([]string{"Accept", "text/html"}, headers...)...)
	if r.Status != status {
		f.t.Fatalf("GET %s: %d, want %d\n%s", path, r.Status, status, mainOf(r.Text()))
	}
	return r.Text(), checkDoorPage(f.t, "GET "+path, r.Text())
}

// post sends a form as a browser; a page that comes back is checked.
func (f *doorFixture) post(path string, form map[string]string, status int) apptest.Response {
	f.t.Helper()
	vals := make(map[string][]string, len(form))
	for k, v := range form {
		vals[k] = []string{v}
	}
	r := f.s.PostForm(f.t, path, vals)
	if r.Status != status {
		f.t.Fatalf("POST %s: %d, want %d\n%s", path, r.Status, status, mainOf(r.Text()))
	}
	if strings.HasPrefix(r.Header.Get("Content-Type"), "text/html") && status != 303 {
		checkDoorPage(f.t, "POST "+path, r.Text())
	}
	return r
}
