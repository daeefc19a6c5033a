package events_test

import (
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"folkhalsa-events/events"
	"folkhalsa-events/platform/pdfkit"
	"folkhalsa-events/platform/testtools"
)

const (
	programmeURL    = "https://folkhalsa.example.se/evenemang/folkhalsokonferensen-2026"
	progSamiSpeaker = "Áile Ŋuvttet Čorgŋa"
	progEmojiTitle  = "Rörelse i vardagen 🚶 för äldre på landsbygden"
)

func progAt(day, hour, minute int) time.Time {
	return time.Date(2026, time.October, day, hour, minute, 0, 0, events.Stockholm)
}

// programmeConference is a three-day conference with 60 sessions: plenaries, breaks,
// lunches and parallel workshops in three rooms (one slot with four, to wrap to a
// second row), handed over shuffled as a store might not sort them.
func programmeConference() (events.Event, events.Organisation, []events.Session) {
	org := events.Organisation{ID: "org1", Name: "Länsstyrelsen Västerbotten", Kind: events.OrgLansstyrelse, County: "Västerbottens län"}
	ev := events.Event{
		ID: "ev1", OrgID: org.ID, Type: events.TypeConference,
		Title: events.Text{SV: "Folkhälsokonferensen 2026 – jämlik hälsa i hela länet", EN: "Public Health Conference 2026 – equal health across the county"},
		Description: events.Text{
			SV: "Tre dagar om jämlik hälsa: forskning, praktik och samverkan mellan kommuner, region och civilsamhälle.\r\n\r\nVälkommen till Umeå!",
			EN: "Three days on equal health: research, practice and cooperation.\n\nWelcome to Umeå!",
		},
		Start: progAt(14, 8, 30), End: progAt(16, 17, 30),
		Venue: events.Venue{Name: "Folkets Hus", Address: "Skolgatan 59", City: "Umeå"},
		Mode:  events.ModeHybrid, Status: events.StatusPublished, Visibility: events.VisibilityPublic,
		TargetAreas: []int{1, 2, 6, 8}, PriorityAreas: []string{"Psykisk hälsa", "Barn och ungas uppväxtvillkor"},
	}

	type slot struct {
		hour, minute, minutes int
		kind                  events.SessionKind
		parallel              int
	}
	day := []slot{
		{8, 30, 30, events.KindBreak, 1},
		{9, 0, 60, events.KindPlenary, 1},
		{10, 0, 30, events.KindBreak, 1},
		{10, 30, 90, events.KindWorkshop, 3},
		{12, 0, 60, events.KindLunch, 1},
		{13, 0, 60, events.KindPlenary, 1},
		{14, 0, 60, events.KindWorkshop, 4},
		{15, 0, 30, events.KindBreak, 1},
		{15, 30, 60, events.KindWorkshop, 3},
		{16, 30, 45, events.KindDialogue, 3},
		{17, 15, 15, events.KindPlenary, 1},
	}
	topics := []string{
		"Barns uppväxtvillkor i glesbygd", "Äldres hälsa och ensamhet", "Skolnärvaro och psykisk hälsa",
		"Föräldraskapsstöd på åtta språk", "Tobaksfri skoltid", "Fysisk aktivitet på recept",
		"Trygga och tillgängliga utemiljöer", "Arbetslöshet, försörjning och ohälsa", "Spelberoende bland unga vuxna",
		"Alkohol och narkotika: förebyggande arbete i kommunerna", "Samverkan mellan region, kommuner och idéburen sektor för jämlik hälsa",
	}
	rooms := []string{"Sal Björken", "Sal Ekorren", "Sal Tallen", "Lilla salen"}
	var sessions []events.Session
	n := 0
	for d := 14; d <= 16; d++ {
		for _, sl := range day {
			for p := range sl.parallel {
				n++
				s := events.Session{
					ID: fmt.Sprintf("s%02d", n), EventID: ev.ID, Kind: sl.kind,
					Start: progAt(d, sl.hour, sl.minute),
					End:   progAt(d, sl.hour, sl.minute).Add(time.Duration(sl.minutes) * time.Minute),
				}
				switch sl.kind {
				case events.KindBreak:
					s.Title = events.Text{SV: fmt.Sprintf("Kaffe och mingel %02d", n), EN: fmt.Sprintf("Coffee and mingling %02d", n)}
					s.Room = "Foajén"
				case events.KindLunch:
					s.Title = events.Text{SV: fmt.Sprintf("Lunch på Gröna gården %02d", n), EN: fmt.Sprintf("Lunch at Gröna gården %02d", n)}
					s.Room = "Restaurangen"
				default:
					topic := topics[n%len(topics)]
					s.Title = events.Text{SV: fmt.Sprintf("%s – pass %02d", topic, n), EN: fmt.Sprintf("Session %02d in English", n)}
					s.Room = rooms[p]
					if sl.kind == events.KindPlenary {
						s.Room = "Stora salen"
					}
					s.Description = events.Text{SV: "Hur når vi dem som bäst behöver det? Erfarenheter från Skellefteå, Lycksele och Vilhelmina, med tid för frågor och samtal i mindre grupper."}
					s.Speakers = []events.Speaker{{Name: fmt.Sprintf("Åsa Öberg %02d", n), Title: "folkhälsostrateg", Organisation: "Region Västerbotten"}}
					s.Track = "Barn och unga"
					s.TargetAreas = []int{1 + n%8, 1 + (n+3)%8}
					if sl.kind == events.KindWorkshop {
						s.SeatLimit = 25 + p*5
					}
				}
				sessions = append(sessions, s)
			}
		}
	}
	// The opening plenary: the Sami speaker, and a title long enough to wrap.
	sessions[1].Speakers = append(sessions[1].Speakers, events.Speaker{Name: progSamiSpeaker, Title: "utvecklingsledare", Organisation: "Sametinget"})
	sessions[1].Title.SV = "Öppning: därför är jämlik hälsa en fråga för hela länet, för alla åldrar och för varje kommun i Västerbotten"
	// A workshop title with an emoji, which gofpdf cannot draw.
	sessions[4].Title.SV = progEmojiTitle

	rnd := rand.New(rand.NewPCG(1, 2))
	rnd.Shuffle(len(sessions), func(i, j int) { sessions[i], sessions[j] = sessions[j], sessions[i] })
	return ev, org, sessions
}

func writeProgramme(t *testing.T, lang string) (path string, sessions []events.Session) {
	t.Helper()
	ev, org, sessions := programmeConference()
	pdf, err := events.Programme(ev, org, sessions, programmeURL, lang)
	if err != nil {
		t.Fatal(err)
	}
	path = filepath.Join(t.TempDir(), "programme.pdf")
	if err := os.WriteFile(path, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	return path, sessions
}

func progRun(t *testing.T, name string, args ...string) string {
	t.Helper()
	out, err := exec.Command(name, args...).Output()
	if err != nil {
		t.Fatalf("%s %v: %v", name, args, err)
	}
	return string(out)
}

// progPages returns the text of every page, as pdftotext -layout reads it.
func progPages(t *testing.T, path string) []string {
	t.Helper()
	testtools.RequireTool(t, "pdftotext", "poppler-utils")
	text := progRun(t, "pdftotext", "-layout", path, "-")
	return strings.Split(strings.TrimSuffix(text, "\f"), "\f")
}

func progNoSpace(s string) string {
	return strings.Join(strings.Fields(s), "")
}

func TestProgrammeSwedish(t *testing.T) {
	path, sessions := writeProgramme(t, "sv")
	pages := progPages(t, path)
	text := strings.Join(pages, "\n")

	for _, want := range []string{
		progSamiSpeaker + ", utvecklingsledare, Sametinget",
		"14–16 oktober 2026", "Start 14 oktober kl. 08.30, slut 16 oktober kl. 17.30",
		"Folkets Hus", "Skolgatan 59, Umeå", "och digitalt", "På plats och digitalt", "Länsstyrelsen Västerbotten",
		"Välkommen till Umeå!", "1 Det tidiga livets villkor", "8 En jämlik och hälsofrämjande hälso- och sjukvård",
		"Onsdag 14 oktober 2026", "Torsdag 15 oktober 2026", "Fredag 16 oktober 2026",
		"10.30 · 3 parallella pass", "14.00 · 4 parallella pass", "09.00–10.00 · Plenum", "Workshop", "Lunch",
		"Max 30 platser", "Lokal: Sal Ekorren", "Spår: Barn och unga", "Målområden", programmeURL,
	} {
		if !strings.Contains(text, want) {
			t.Errorf("programme lacks %q", want)
		}
	}
	if strings.Contains(text, "\r") {
		t.Error("a carriage return reached the PDF")
	}

	// Titles wrap, in columns too; pdftotext -layout interleaves side-by-side columns, so
	// titles are looked for in its reading-order text (without -layout), spaces removed.
	flowing := progNoSpace(progRun(t, "pdftotext", path, "-"))
	for _, s := range sessions {
		if !strings.Contains(flowing, progNoSpace(pdfkit.Sanitize(s.Title.SV))) {
			t.Errorf("programme lacks the title %q", s.Title.SV)
		}
	}
	assertProgSessionsWhole(t, progRun(t, "pdftotext", path, "-"), sessions)
	if !strings.Contains(flowing, progNoSpace("Rörelse i vardagen \uFFFD för äldre")) {
		t.Error("the emoji in a title should be replaced, the rest kept")
	}

	assertProgFooters(t, path, pages, "Sida %d av %d", "Folkhälsokonferensen 2026")
	if len(pages) < 5 {
		t.Errorf("60 sessions on %d pages; want at least 5", len(pages))
	}
	assertProgDaysInOrder(t, text, "Onsdag 14 oktober", "Torsdag 15 oktober", "Fredag 16 oktober")
}

func TestProgrammeEnglish(t *testing.T) {
	path, _ := writeProgramme(t, "en")
	pages := progPages(t, path)
	text := strings.Join(pages, "\n")
	for _, want := range []string{
		"Public Health Conference 2026", "14–16 October 2026", "Starts 14 October at 08:30, ends 16 October at 17:30",
		"On site and online", "Organiser", "Welcome to Umeå!", "1 Conditions in early life",
		"Wednesday 14 October 2026", "10:30 · 3 parallel sessions", "09:00–10:00 · Plenary", "Break", "Max 30 seats",
		"Room: Sal Ekorren", "Session 02 in English", progSamiSpeaker,
	} {
		if !strings.Contains(text, want) {
			t.Errorf("English programme lacks %q", want)
		}
	}
	for _, swedish := range []string{"Sida ", "oktober", "Plenum", "parallella"} {
		if strings.Contains(text, swedish) {
			t.Errorf("English programme contains Swedish %q", swedish)
		}
	}
	assertProgFooters(t, path, pages, "Page %d of %d", "Public Health Conference 2026")
}

// assertProgFooters checks that page i of n says so, with the event title beside it, and
// that n is the number of pages poppler counts.
func assertProgFooters(t *testing.T, path string, pages []string, format, title string) {
	t.Helper()
	if n := progPageCount(t, path); n != len(pages) {
		t.Fatalf("pdfinfo counts %d pages, pdftotext %d", n, len(pages))
	}
	for i, page := range pages {
		want := fmt.Sprintf(format, i+1, len(pages))
		if !strings.Contains(page, want) {
			t.Errorf("page %d lacks %q", i+1, want)
		}
		if !strings.Contains(page, title) {
			t.Errorf("page %d lacks the event title %q in its footer", i+1, title)
		}
	}
}

// assertProgSessionsWhole checks that no session box was cut by a page break: a session's
// title, speakers and room are on one page.
func assertProgSessionsWhole(t *testing.T, text string, sessions []events.Session) {
	t.Helper()
	pages := strings.Split(text, "\f")
	for _, s := range sessions {
		if len(s.Speakers) == 0 {
			continue
		}
		title := progNoSpace(pdfkit.Sanitize(s.Title.SV))
		for _, page := range pages {
			page = progNoSpace(page)
			if !strings.Contains(page, title) {
				continue
			}
			for _, want := range []string{s.Speakers[0].Name + ", " + s.Speakers[0].Title, "Lokal: " + s.Room} {
				if !strings.Contains(page, progNoSpace(want)) {
					t.Errorf("session %q: %q is not on the page of its title", s.Title.SV, want)
				}
			}
		}
	}
}

func assertProgDaysInOrder(t *testing.T, text string, days ...string) {
	t.Helper()
	last := -1
	for _, day := range days {
		i := strings.Index(text, day)
		if i <= last {
			t.Errorf("%q is out of order", day)
		}
		last = i
	}
}

var progPagesRe = regexp.MustCompile(`(?m)^Pages:\s+(\d+)`)

func progPageCount(t *testing.T, path string) int {
	t.Helper()
	testtools.RequireTool(t, "pdfinfo", "poppler-utils")
	m := progPagesRe.FindStringSubmatch(progRun(t, "pdfinfo", path))
	if m == nil {
		t.Fatal("pdfinfo printed no page count")
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

func TestProgrammeQRCodeOpensTheEvent(t *testing.T) {
	path, _ := writeProgramme(t, "sv")
	testtools.RequireTool(t, "pdftoppm", "poppler-utils")
	testtools.RequireTool(t, "zbarimg", "zbar-tools")
	png := filepath.Join(t.TempDir(), "cover")
	progRun(t, "pdftoppm", "-r", "200", "-png", "-f", "1", "-l", "1", "-singlefile", path, png)
	if got := strings.TrimSpace(progRun(t, "zbarimg", "--raw", "-q", png+".png")); got != programmeURL {
		t.Errorf("QR code on the cover reads %q, want %q", got, programmeURL)
	}
}

// TestProgrammeOddEvents covers a digital, cancelled event without sessions, and a
// session too large for any page, which must be shortened rather than cut or overflow.
func TestProgrammeOddEvents(t *testing.T) {
	ev, org, _ := programmeConference()
	ev.Mode, ev.Status = events.ModeDigital, events.StatusCancelled
	ev.Start, ev.End = progAt(14, 13, 0), progAt(14, 15, 0)
	ev.Title.SV = "Nätverksträff\tfolkhälsa 🎉 " + strings.Repeat("mycket lång rubrik ", 5)

	pdf, err := events.Programme(ev, org, nil, programmeURL, "sv")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "empty.pdf")
	if err := os.WriteFile(path, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	pages := progPages(t, path)
	text := strings.Join(pages, "\n")
	for _, want := range []string{"INSTÄLLT", "Digitalt", "kl. 13.00–15.00", "14 oktober 2026", "Programmet publiceras senare.", "Sida 1 av 1"} {
		if !strings.Contains(text, want) {
			t.Errorf("programme without sessions lacks %q", want)
		}
	}

	huge := events.Session{
		ID: "huge", Kind: events.KindWorkshop, Start: progAt(14, 13, 0), End: progAt(14, 14, 0),
		Title: events.Text{SV: strings.Repeat("Ett ord ", 200) + "SLUTET"},
	}
	for i := range 200 {
		huge.Speakers = append(huge.Speakers, events.Speaker{Name: fmt.Sprintf("Talare %d", i), Organisation: "Umeå kommun"})
	}
	other := huge
	other.ID, other.Title, other.Room, other.Speakers = "other", events.Text{SV: "Parallellt pass"}, "B", nil
	pdf, err = events.Programme(ev, org, []events.Session{huge, other}, programmeURL, "sv")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	pages = progPages(t, path)
	text = strings.Join(pages, "\n")
	if strings.Contains(text, "Talare 199") || !strings.Contains(text, "…") {
		t.Error("a session taller than a page should be cut short with an ellipsis")
	}
	if !strings.Contains(text, "Parallellt pass") {
		t.Error("the session beside the huge one is missing")
	}
	if len(pages) != 2 {
		t.Errorf("cover and one agenda page expected, got %d pages", len(pages))
	}
}

func BenchmarkProgrammePDF(b *testing.B) {
	ev, org, sessions := programmeConference()
	b.ReportAllocs()
	var size int
	for b.Loop() {
		pdf, err := events.Programme(ev, org, sessions, programmeURL, "sv")
		if err != nil {
			b.Fatal(err)
		}
		size = len(pdf)
	}
	b.ReportMetric(float64(size)/1024, "KiB/pdf")
}
