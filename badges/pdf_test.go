package badges_test

import (
	"errors"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/skip2/go-qrcode"

	"folkhalsa-events/badges"
	"folkhalsa-events/events"
	"folkhalsa-events/platform/pdfkit"
	"folkhalsa-events/platform/testtools"
)

const (
	pdfSamiFirst  = "Áile"
	pdfSamiLast   = "Ŋuvttet Čorgŋa"
	pdfLongFirst  = "Maria-Kristina"
	pdfLongLast   = "Alexandersson-Wikström von Dalarna-Hälsingland"
	pdfEmojiOrg   = "Hälsa 🌱 för alla – ideell förening"
	pdfEventTitle = "Folkhälsokonferens Västerbotten 2026"
)

var pdfEvent = badges.EventInfo{
	ID:    "ev1",
	Title: pdfEventTitle,
	Start: time.Date(2026, time.October, 14, 9, 0, 0, 0, events.Stockholm),
	End:   time.Date(2026, time.October, 14, 16, 0, 0, 0, events.Stockholm),
	Venue: "Folkets hus, Umeå",
}

// pdfPeople are 23 badge holders in no particular order: Swedish letters first and
// last in the alphabet, a Sami name, a very long name, an emoji in an organisation,
// two people of the same last name, and every category.
var pdfPeople = []struct {
	first, last, org, municipality, role string
	category                             badges.Category
}{
	{"Åsa", "Öberg", "Region Västerbotten", "Umeå", "Folkhälsostrateg", badges.CategoryParticipant},
	{pdfSamiFirst, pdfSamiLast, "Sametinget", "Kiruna", "Handläggare", badges.CategorySpeaker},
	{pdfLongFirst, pdfLongLast, "Länsstyrelsen Gävleborg", "Gävle", "Utvecklingsledare", badges.CategoryOrganiser},
	{"Erik", "Zetterberg", pdfEmojiOrg, "Skellefteå", "Ordförande", badges.CategoryParticipant},
	{"Åke", "Åberg", "Umeå kommun", "Umeå", "Socialchef", badges.CategoryParticipant},
	{"Lena", "Ängström", "Region Norrbotten", "Luleå", "Epidemiolog", badges.CategoryStaff},
	{"Karin", "Nilsson", "Lycksele kommun", "Lycksele", "Fritidsledare", badges.CategoryParticipant},
	{"Anders", "Nilsson", "Vilhelmina kommun", "Vilhelmina", "Kommunchef", badges.CategoryParticipant},
	{"Sara", "Lindqvist", "Folkhälsomyndigheten", "Solna", "Utredare", badges.CategorySpeaker},
	{"Mohammed", "Ali", "Studieförbundet Vuxenskolan", "Umeå", "Cirkelledare", badges.CategoryParticipant},
	{"Johan", "Bergström", "Nordmalings kommun", "Nordmaling", "Folkhälsosamordnare", badges.CategoryParticipant},
	{"Fatima", "Karlsson", "Region Västerbotten", "Umeå", "Barnmorska", badges.CategoryParticipant},
	{"Per", "Johansson", "Robertsfors kommun", "Robertsfors", "Rektor", badges.CategoryParticipant},
	{"Eva", "Persson", "Länsstyrelsen Västerbotten", "Umeå", "Samordnare", badges.CategoryOrganiser},
	{"Olof", "Svensson", "Vännäs kommun", "Vännäs", "Enhetschef", badges.CategoryParticipant},
	{"Ingrid", "Gustafsson", "Bjurholms kommun", "Bjurholm", "Kurator", badges.CategoryParticipant},
	{"Nils", "Pettersson", "Umeå universitet", "Umeå", "Professor", badges.CategorySpeaker},
	{"Maja", "Jonsson", "Sorsele kommun", "Sorsele", "Fältassistent", badges.CategoryParticipant},
	{"Lars", "Hansson", "Storumans kommun", "Storuman", "Tekniker", badges.CategoryStaff},
	{"Elin", "Olsson", "Dorotea kommun", "Dorotea", "Äldreomsorgschef", badges.CategoryParticipant},
	{"Hugo", "Larsson", "Malå kommun", "Malå", "Skolsköterska", badges.CategoryParticipant},
	{"Amina", "Yusuf", "Röda korset", "Umeå", "Volontär", badges.CategoryParticipant},
	{"Thi Lan", "Nguyen", "Region Västerbotten", "Umeå", "Sjuksköterska", badges.CategoryParticipant},
}

// pdfCode stands in for the signed badge code: "FH1", 16 digits and 16 letters, 35
// characters of the QR alphanumeric set, unique per i.
func pdfCode(i int) string {
	const letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	tail := make([]byte, 16)
	x := uint64(i+1) * 0x9E3779B97F4A7C15
	for j := range tail {
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
		tail[j] = letters[x%26]
	}
	return "FH1" + fmt.Sprintf("%016d", i) + string(tail)
}

func pdfBatch() []badges.Badge {
	batch := make([]badges.Badge, len(pdfPeople))
	for i, p := range pdfPeople {
		batch[i] = badges.Badge{Code: pdfCode(i), Person: badges.Person{
			RegistrationID: fmt.Sprintf("reg%02d", i), EventID: pdfEvent.ID,
			FirstName: p.first, LastName: p.last, Organisation: p.org, Municipality: p.municipality,
			Role: p.role, Category: p.category, Status: badges.StatusConfirmed, OnSite: true,
		}}
	}
	return batch
}

func pdfWrite(t *testing.T, doc []byte, err error) string {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(doc), "%PDF-") {
		t.Fatalf("not a PDF: %q…", doc[:min(len(doc), 20)])
	}
	path := filepath.Join(t.TempDir(), "badges.pdf")
	if err := os.WriteFile(path, doc, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func pdfRun(t *testing.T, name string, args ...string) string {
	t.Helper()
	out, err := exec.Command(name, args...).Output()
	if err != nil {
		t.Fatalf("%s %v: %v", name, args, err)
	}
	return string(out)
}

// pdfDecodePages renders every page at 150 dpi, as a phone camera would about see a
// printed badge, and returns the QR codes zbarimg reads on each page, badge by badge
// for the slots of a sheet layout ("": the page is one badge).
func pdfDecodePages(t *testing.T, path string, layout badges.Layout) [][]string {
	t.Helper()
	doc, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var regions []testtools.Region
	for _, sl := range badges.Slots(layout) {
		regions = append(regions, testtools.Region{X: sl.X, Y: sl.Y, W: sl.W, H: sl.H})
	}
	return testtools.PDFQRCodes(t, doc, 150, regions)
}

func pdfCodes(batch []badges.Badge) []string {
	codes := make([]string, len(batch))
	for i, b := range batch {
		codes[i] = b.Code
	}
	return codes
}

// pdfAssertSameCodes: every code decoded exactly once, nothing else.
func pdfAssertSameCodes(t *testing.T, decoded, want []string) {
	t.Helper()
	count := map[string]int{}
	for _, c := range decoded {
		count[c]++
	}
	for _, c := range want {
		if count[c] != 1 {
			t.Errorf("code %s decoded %d times, want once", c, count[c])
		}
		delete(count, c)
	}
	for c, n := range count {
		t.Errorf("decoded %q (%d times), which is no badge's code", c, n)
	}
}

func pdfPageCount(t *testing.T, path string) int {
	t.Helper()
	testtools.RequireTool(t, "pdfinfo", "poppler-utils")
	m := regexp.MustCompile(`(?m)^Pages:\s+(\d+)`).FindStringSubmatch(pdfRun(t, "pdfinfo", path))
	if m == nil {
		t.Fatal("pdfinfo shows no page count")
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// pdfPageSize is the first page's size in millimetres.
func pdfPageSize(t *testing.T, path string) (float64, float64) {
	t.Helper()
	testtools.RequireTool(t, "pdfinfo", "poppler-utils")
	m := regexp.MustCompile(`(?m)^Page size:\s+([\d.]+) x ([\d.]+) pts`).FindStringSubmatch(pdfRun(t, "pdfinfo", path))
	if m == nil {
		t.Fatal("pdfinfo shows no page size")
	}
	w, _ := strconv.ParseFloat(m[1], 64)
	h, _ := strconv.ParseFloat(m[2], 64)
	return w * 25.4 / 72, h * 25.4 / 72
}

// pdfText is the document's text in drawing order (pdftotext -raw), with white space
// collapsed and names wrapped after a hyphen joined again.
func pdfText(t *testing.T, path string) string {
	t.Helper()
	testtools.RequireTool(t, "pdftotext", "poppler-utils")
	text := strings.Join(strings.Fields(pdfRun(t, "pdftotext", "-raw", path, "-")), " ")
	return strings.ReplaceAll(text, "- ", "-")
}

func TestBadgeSheetsEveryQRCodeDecodes(t *testing.T) {
	batch := pdfBatch()
	for _, c := range []struct {
		layout  badges.Layout
		perPage []int
	}{
		{badges.LayoutInsert, []int{10, 10, 3}},
		{badges.LayoutA6, []int{4, 4, 4, 4, 4, 3}},
	} {
		t.Run(string(c.layout), func(t *testing.T) {
			t.Parallel()
			doc, err := badges.BadgeSheets(pdfEvent, batch, c.layout, "sv")
			path := pdfWrite(t, doc, err)
			if n := pdfPageCount(t, path); n != len(c.perPage) {
				t.Errorf("%d badges on %d pages, want %d", len(batch), n, len(c.perPage))
			}
			if w, h := pdfPageSize(t, path); math.Abs(w-210) > 0.5 || math.Abs(h-297) > 0.5 {
				t.Errorf("sheet is %.1f × %.1f mm, want A4", w, h)
			}
			pages := pdfDecodePages(t, path, c.layout)
			var decoded []string
			var perPage []int
			for _, p := range pages {
				decoded = append(decoded, p...)
				perPage = append(perPage, len(p))
			}
			if !slices.Equal(perPage, c.perPage) {
				t.Errorf("QR codes read per page: %v, want %v", perPage, c.perPage)
			}
			pdfAssertSameCodes(t, decoded, pdfCodes(batch))
		})
	}
}

func TestSingleBadge(t *testing.T) {
	for _, i := range []int{1, 2, 3} { // the Sami name, the long name, the emoji
		b := pdfBatch()[i]
		t.Run(b.Person.LastName, func(t *testing.T) {
			t.Parallel()
			doc, err := badges.SingleBadge(pdfEvent, b, "sv")
			path := pdfWrite(t, doc, err)
			if n := pdfPageCount(t, path); n != 1 {
				t.Errorf("%d pages, want 1", n)
			}
			if w, h := pdfPageSize(t, path); math.Abs(w-105) > 0.5 || math.Abs(h-148) > 0.5 {
				t.Errorf("page is %.1f × %.1f mm, want A6 (105 × 148)", w, h)
			}
			pages := pdfDecodePages(t, path, "")
			pdfAssertSameCodes(t, slices.Concat(pages...), []string{b.Code})
			text := pdfText(t, path)
			for _, want := range []string{b.Person.FirstName + " " + b.Person.LastName, pdfEventTitle, "14 oktober 2026",
				b.Person.Role, b.Person.Municipality, "Skannas vid incheckning"} {
				if !strings.Contains(text, want) {
					t.Errorf("badge text lacks %q:\n%s", want, text)
				}
			}
		})
	}
}

func TestBadgeSheetsText(t *testing.T) {
	batch := pdfBatch()
	// The order a Swedish list of names has: by last name, then first name, å ä ö after z.
	want := slices.Clone(batch)
	slices.SortStableFunc(want, func(a, b badges.Badge) int {
		if c := events.CompareSwedish(a.Person.LastName, b.Person.LastName); c != 0 {
			return c
		}
		return events.CompareSwedish(a.Person.FirstName, b.Person.FirstName)
	})
	for _, layout := range []badges.Layout{badges.LayoutInsert, badges.LayoutA6} {
		t.Run(string(layout), func(t *testing.T) {
			t.Parallel()
			doc, err := badges.BadgeSheets(pdfEvent, slices.Clone(batch), layout, "sv")
			text := pdfText(t, pdfWrite(t, doc, err))

			// Every name, in order: the Sami name exactly, the long one whole.
			at := 0
			for _, b := range want {
				name := b.Person.FirstName + " " + b.Person.LastName
				i := strings.Index(text[at:], name)
				if i < 0 {
					if strings.Contains(text, name) {
						t.Errorf("%q is out of order (expected after %d bytes of text)", name, at)
					} else {
						t.Errorf("name %q missing:\n%s", name, text)
					}
					continue
				}
				at += i + len(name)
			}
			// The Swedish rule spelled out, not only computed: z, å, ä, ö, then letters
			// beyond the Swedish alphabet (Ŋ); same last name by first name.
			pdfAssertOrder(t, text, "Erik Zetterberg", "Åke Åberg", "Lena Ängström", "Åsa Öberg", "Áile Ŋuvttet Čorgŋa")
			pdfAssertOrder(t, text, "Mohammed Ali", "Johan Bergström", "Anders Nilsson", "Karin Nilsson", "Elin Olsson")

			categories := map[badges.Category]int{}
			for _, b := range batch {
				categories[b.Person.Category]++
			}
			for c, label := range map[badges.Category]string{badges.CategoryParticipant: "Deltagare",
				badges.CategorySpeaker: "Talare", badges.CategoryOrganiser: "Arrangör", badges.CategoryStaff: "Personal"} {
				if n := strings.Count(text, label); n != categories[c] {
					t.Errorf("%q printed %d times, want %d (one per %s badge)", label, n, categories[c], c)
				}
			}
			for _, s := range []string{pdfEventTitle, "14 oktober 2026", "Hälsa \uFFFD för alla", "Sametinget", "Folkhälsostrateg", "Skellefteå"} {
				if n := strings.Count(text, s); n == 0 {
					t.Errorf("text lacks %q", s)
				}
			}
			if n := strings.Count(text, "Skannas vid incheckning"); n != len(batch) {
				t.Errorf("QR hint printed %d times, want %d", n, len(batch))
			}
		})
	}
}

func pdfAssertOrder(t *testing.T, text string, names ...string) {
	t.Helper()
	last := -1
	for _, name := range names {
		i := strings.Index(text, name)
		if i < 0 {
			t.Errorf("%q missing", name)
			continue
		}
		if i < last {
			t.Errorf("%q printed before the names it follows in Swedish order (%v)", name, names)
		}
		last = i
	}
}

func TestBadgeSheetsEnglish(t *testing.T) {
	batch := pdfBatch()[:6]
	doc, err := badges.BadgeSheets(pdfEvent, batch, badges.LayoutInsert, "en")
	text := pdfText(t, pdfWrite(t, doc, err))
	for _, s := range []string{"Participant", "Speaker", "Organiser", "Staff", "14 October 2026", "Scanned at check-in", "page 1 of 1"} {
		if !strings.Contains(text, s) {
			t.Errorf("English sheet lacks %q:\n%s", s, text)
		}
	}
	for _, s := range []string{"Deltagare", "oktober", "Skannas"} {
		if strings.Contains(text, s) {
			t.Errorf("English sheet has Swedish %q", s)
		}
	}
}

func TestBadgeSheetsEmpty(t *testing.T) {
	for _, c := range []struct{ lang, want string }{
		{"sv", "Det finns inga namnbrickor att skriva ut."},
		{"en", "There are no badges to print."},
	} {
		for _, layout := range []badges.Layout{badges.LayoutInsert, badges.LayoutA6} {
			doc, err := badges.BadgeSheets(pdfEvent, nil, layout, c.lang)
			path := pdfWrite(t, doc, err)
			if n := pdfPageCount(t, path); n != 1 {
				t.Errorf("%s %s: empty batch gives %d pages, want 1", layout, c.lang, n)
			}
			if text := pdfText(t, path); !strings.Contains(text, c.want) || !strings.Contains(text, pdfEventTitle) {
				t.Errorf("%s %s: empty batch says %q, want %q and the event", layout, c.lang, text, c.want)
			}
		}
	}
}

func TestBadgePDFErrors(t *testing.T) {
	batch := pdfBatch()[:3]
	if _, err := badges.BadgeSheets(pdfEvent, batch, "a5", "sv"); err == nil {
		t.Error("unknown layout: want an error")
	}
	batch[1].Code = ""
	if _, err := badges.BadgeSheets(pdfEvent, batch, badges.LayoutInsert, "sv"); !errors.Is(err, badges.ErrNoCode) {
		t.Errorf("badge without a code in a batch: got %v, want ErrNoCode", err)
	}
	if _, err := badges.SingleBadge(pdfEvent, batch[1], "sv"); !errors.Is(err, badges.ErrNoCode) {
		t.Errorf("single badge without a code: got %v, want ErrNoCode", err)
	}
	batch[1].Code = strings.Repeat("X", 5000) // more than any QR code holds
	if _, err := badges.SingleBadge(pdfEvent, batch[1], "sv"); err == nil {
		t.Error("code too long for a QR code: want an error")
	}
}

// TestBadgeOddCharacters: emoji become U+FFFD (their variation selectors vanish), tabs
// and line breaks spaces, and letters typed with combining accents (as some Macs send
// them) are drawn as the one precomposed letter.
func TestBadgeOddCharacters(t *testing.T) {
	b := badges.Badge{Code: pdfCode(1), Person: badges.Person{
		FirstName: "A\u030asa", LastName: "O\u0308berg",
		Organisation: "Fo\u0308rening fo\u0308r ha\u0308lsa", Municipality: "🏔️ Åre", Role: "Ordförande\t🎤\r\n",
		Category: badges.CategorySpeaker}}
	want := map[string]string{
		"first": "Åsa", "last": "Öberg", "organisation": "Förening för hälsa",
		"municipality": "\uFFFD Åre", "role": "Ordförande \uFFFD", "category": "Talare",
	}
	for _, layout := range []badges.Layout{badges.LayoutA6, badges.LayoutInsert} {
		_, _, layouts := badges.BadgeLayouts(layout, pdfEvent, "sv", b)
		items := layouts[0]
		got := map[string][]string{}
		for _, it := range items {
			got[it.Part] = append(got[it.Part], it.Text)
		}
		for part, text := range want {
			if len(got[part]) != 1 || got[part][0] != text {
				t.Errorf("%s: %s drawn as %q, want %q", layout, part, got[part], text)
			}
		}
	}
}

// TestBadgeEventDate: the date on a badge, in Stockholm time, one day or a span.
func TestBadgeEventDate(t *testing.T) {
	at := func(y int, m time.Month, d, h int, loc *time.Location) time.Time {
		return time.Date(y, m, d, h, 0, 0, 0, loc)
	}
	sthlm := events.Stockholm
	for _, c := range []struct {
		start, end time.Time
		lang, want string
	}{
		{at(2026, 10, 14, 9, sthlm), at(2026, 10, 14, 16, sthlm), "sv", "14 oktober 2026"},
		{at(2026, 10, 14, 9, sthlm), time.Time{}, "en", "14 October 2026"},
		{at(2026, 10, 13, 22, time.UTC), at(2026, 10, 14, 6, time.UTC), "sv", "14 oktober 2026"}, // 00:00–08:00 in Stockholm
		{at(2026, 10, 14, 9, sthlm), at(2026, 10, 15, 16, sthlm), "sv", "14–15 oktober 2026"},
		{at(2026, 9, 30, 9, sthlm), at(2026, 10, 2, 16, sthlm), "en", "30 September – 2 October 2026"},
		{at(2026, 12, 30, 9, sthlm), at(2027, 1, 2, 16, sthlm), "sv", "30 december 2026 – 2 januari 2027"},
	} {
		ev := badges.EventInfo{Title: "Träff", Start: c.start, End: c.end}
		_, _, layouts := badges.BadgeLayouts(badges.LayoutA6, ev, c.lang, pdfBatch()[0])
		var got []string
		for _, it := range layouts[0] {
			if it.Part == "date" {
				got = append(got, it.Text)
			}
		}
		if len(got) != 1 || got[0] != c.want {
			t.Errorf("%v – %v (%s): date %q, want %q", c.start, c.end, c.lang, got, c.want)
		}
	}
}

// pdfHardCases are badges that push the layout: the batch, plus names and texts far
// longer than anyone's, a name that is one word wider than the badge, empty fields,
// control characters and emoji, an unknown category and a very long event title.
func pdfHardCases() (badges.EventInfo, []badges.Badge) {
	cases := pdfBatch()
	long := strings.Repeat("Folkhälsa och jämlik hälsa i hela länet ", 6)
	add := func(first, last, org, municipality, role string, c badges.Category) {
		cases = append(cases, badges.Badge{Code: pdfCode(100 + len(cases)), Person: badges.Person{
			FirstName: first, LastName: last, Organisation: org, Municipality: municipality, Role: role, Category: c}})
	}
	add("Wolfeschlegelsteinhausenbergerdorff", "Wolfeschlegelsteinhausenbergerdorffwelchevoralternwarengewissenhaft", long, long, long, badges.CategorySpeaker)
	add("Anna-Karin Maria Louise Charlotte", "Von Essen af Zellie Gyllenstierna-Bielke-Oxenstierna", long, long, long, badges.CategoryStaff)
	add("", "Ensamnamn", "", "", "", badges.CategoryOrganiser)
	add("Bara förnamn", "", "", "", "", "")
	add("", "", "", "", "", "volunteer")
	add("Li", "Wu", "Org\twith\ttabs\r\nand lines", "🏔️ Åre", "Roll 🎤", badges.CategoryParticipant)
	add("WWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWW", "MMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMM MMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMM", long, "", "", badges.CategoryParticipant)
	ev := pdfEvent
	ev.Title = "Regional folkhälsokonferens om psykisk hälsa, suicidprevention och jämlik hälsa för barn och unga i Västerbotten och Norrbotten 2026"
	ev.End = ev.Start.AddDate(0, 0, 1)
	return ev, cases
}

// TestBadgeLayoutNeverOverflows checks every measured item of every badge: inside the
// badge and clear of its edge, its text no wider than its box, nothing overlapping
// anything else (the QR code's quiet zone included), the QR code big enough.
func TestBadgeLayoutNeverOverflows(t *testing.T) {
	hardEvent, cases := pdfHardCases()
	for _, c := range []struct {
		layout       badges.Layout
		edge, symbol float64 // millimetres
	}{
		{badges.LayoutA6, 6, 25},
		{badges.LayoutInsert, 3, 22},
	} {
		for _, ev := range []badges.EventInfo{pdfEvent, hardEvent} {
			for _, lang := range []string{"sv", "en"} {
				w, h, layouts := badges.BadgeLayouts(c.layout, ev, lang, cases...)
				for i, b := range cases {
					where := fmt.Sprintf("%s %s %q %q", c.layout, lang, b.Person.FirstName, b.Person.LastName)
					pdfAssertLayout(t, where, w, h, c.edge, c.symbol, layouts[i])
				}
			}
		}
	}
}

func pdfAssertLayout(t *testing.T, where string, width, height, edge, symbol float64, items []badges.LayoutItem) {
	t.Helper()
	const eps = 0.01
	parts := map[string]int{}
	for i, it := range items {
		parts[it.Part]++
		if it.X < edge-eps || it.Y < edge-eps || it.X+it.W > width-edge+eps || it.Y+it.H > height-edge+eps {
			t.Errorf("%s: %s %q at (%.1f, %.1f) %.1f × %.1f is not %.0f mm inside the %.0f × %.0f badge",
				where, it.Part, it.Text, it.X, it.Y, it.W, it.H, edge, width, height)
		}
		if it.Kind == "text" {
			if it.TextWidth > it.W+eps {
				t.Errorf("%s: %s %q is %.2f mm wide in a %.2f mm box", where, it.Part, it.Text, it.TextWidth, it.W)
			}
			if strings.TrimSpace(it.Text) == "" {
				t.Errorf("%s: empty %s line", where, it.Part)
			}
			if strings.ContainsAny(it.Text, "\t\r\n") || strings.ContainsFunc(it.Text, func(r rune) bool { return r > 0xFFFF }) {
				t.Errorf("%s: %s %q is not one safe line", where, it.Part, it.Text)
			}
		}
		if it.Kind == "qr" {
			code, err := qrcode.New(it.Text, qrcode.Medium)
			if err != nil {
				t.Fatal(err)
			}
			n := float64(len(code.Bitmap())) // modules, quiet zone of 4 on each side included
			if got := it.W * (n - 8) / n; got < symbol {
				t.Errorf("%s: QR symbol %.1f mm (%.1f with quiet zone), want at least %.0f mm", where, got, it.W, symbol)
			}
		}
		for _, other := range items[i+1:] {
			if it.Part == "band" && other.Part == "category" || other.Part == "band" && it.Part == "category" {
				if other.X < it.X-eps && other.X+other.W > it.X+it.W+eps {
					t.Errorf("%s: category label outside its band", where)
				}
				continue
			}
			if it.X+eps < other.X+other.W && other.X+eps < it.X+it.W && it.Y+eps < other.Y+other.H && other.Y+eps < it.Y+it.H {
				t.Errorf("%s: %s %q overlaps %s %q", where, it.Part, it.Text, other.Part, other.Text)
			}
		}
	}
	for _, p := range []string{"band", "category", "qr", "hint", "title", "date"} {
		if parts[p] == 0 {
			t.Errorf("%s: no %s", where, p)
		}
	}
	if parts["first"] > 2 || parts["last"] > 2 {
		t.Errorf("%s: name on %d + %d lines, want at most 2 each", where, parts["first"], parts["last"])
	}
}

// TestBadgeLongName: the long name keeps its size bounds, wraps to two lines at most,
// and every line fits the badge's text column.
func TestBadgeLongName(t *testing.T) {
	b := pdfBatch()[2]
	for _, layout := range []badges.Layout{badges.LayoutA6, badges.LayoutInsert} {
		_, _, layouts := badges.BadgeLayouts(layout, pdfEvent, "sv", b)
		items := layouts[0]
		sizes := badges.NameSizes(layout)
		var first, last []string
		for _, it := range items {
			switch it.Part {
			case "first":
				first = append(first, it.Text)
				if it.Size > sizes[0] || it.Size < sizes[1] {
					t.Errorf("%s: first name at %.1f pt, want %.0f–%.0f", layout, it.Size, sizes[1], sizes[0])
				}
			case "last":
				last = append(last, it.Text)
				if it.Size > sizes[2] || it.Size < sizes[3] {
					t.Errorf("%s: last name at %.1f pt, want %.0f–%.0f", layout, it.Size, sizes[3], sizes[2])
				}
			}
		}
		if len(first) != 1 || first[0] != pdfLongFirst {
			t.Errorf("%s: first name as %q, want %q on one line", layout, first, pdfLongFirst)
		}
		if len(last) != 2 || pdfJoinLines(last) != pdfLongLast {
			t.Errorf("%s: last name as %q, want %q on two lines", layout, last, pdfLongLast)
		}
	}
}

func pdfJoinLines(lines []string) string {
	return strings.ReplaceAll(strings.Join(lines, " "), "- ", "-")
}

func TestBadgeFitName(t *testing.T) {
	measure := pdfkit.New("P")
	cases := []struct {
		name        string
		width       float64
		wantLines   int
		wantMaxSize bool // the largest size: the name fits as it is
		wantWhole   bool // the lines, joined, are the name
	}{
		{"Åsa", 80, 1, true, true},
		{pdfLongFirst, 60, 1, false, true},
		{pdfLongLast, 80, 2, false, true},
		{pdfSamiLast, 60, 1, false, true},
		{"Ann-Sofie Lindahl-Ekström Björklund", 64, 2, false, true},
		{strings.Repeat("Ö", 60), 50, 2, false, false},
	}
	for _, c := range cases {
		const maxSize, minSize = 30.0, 16.0
		size, lines := badges.FitName(c.name, c.width, maxSize, minSize)
		if len(lines) != c.wantLines {
			t.Errorf("%q in %.0f mm: %d lines %q, want %d", c.name, c.width, len(lines), lines, c.wantLines)
		}
		if c.wantMaxSize != (size == maxSize) {
			t.Errorf("%q in %.0f mm: %.1f pt", c.name, c.width, size)
		}
		if size > maxSize || size < badges.NameFloor*minSize-0.5 || (len(lines) == 2 && size > minSize) {
			t.Errorf("%q in %.0f mm: %.1f pt on %d lines, out of bounds", c.name, c.width, size, len(lines))
		}
		if c.wantWhole && pdfJoinLines(lines) != c.name {
			t.Errorf("%q in %.0f mm: lines %q lose part of it", c.name, c.width, lines)
		}
		measure.SetFont(pdfkit.Font, "B", size)
		for _, l := range lines {
			if w := measure.GetStringWidth(l); w > c.width+0.01 {
				t.Errorf("%q: line %q is %.2f mm at %.1f pt, wider than %.0f mm", c.name, l, w, size, c.width)
			}
		}
	}
}

// TestBadgeCategoryColors: four bands that are far apart, each with text that
// contrasts with it at least 4.5:1 (WCAG AA).
func TestBadgeCategoryColors(t *testing.T) {
	colors := badges.CategoryColors()
	cats := []badges.Category{badges.CategoryParticipant, badges.CategorySpeaker, badges.CategoryOrganiser, badges.CategoryStaff}
	for i, c := range cats {
		col, ok := colors[c]
		if !ok {
			t.Fatalf("no colour for %s", c)
		}
		if r := pdfContrast(col[0], col[1]); r < 4.5 {
			t.Errorf("%s: text on band contrasts %.1f:1, want at least 4.5:1", c, r)
		}
		for _, d := range cats[i+1:] {
			if e := pdfDeltaE(col[0], colors[d][0]); e < 40 {
				t.Errorf("%s and %s bands are too alike (ΔE %.0f, want at least 40)", c, d, e)
			}
		}
	}
}

// pdfLinear is an sRGB colour in linear light.
func pdfLinear(c [3]int) (l [3]float64) {
	for i, v := range c {
		s := float64(v) / 255
		if s <= 0.04045 {
			l[i] = s / 12.92
		} else {
			l[i] = math.Pow((s+0.055)/1.055, 2.4)
		}
	}
	return l
}

// pdfContrast is the WCAG contrast ratio of two colours.
func pdfContrast(a, b [3]int) float64 {
	lum := func(c [3]int) float64 {
		l := pdfLinear(c)
		return 0.2126*l[0] + 0.7152*l[1] + 0.0722*l[2]
	}
	la, lb := lum(a), lum(b)
	return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
}

// pdfDeltaE is the CIE 1976 colour difference (in CIELAB, D65): about 2 is just
// noticeable; 40 and more are plainly different colours.
func pdfDeltaE(a, b [3]int) float64 {
	lab := func(c [3]int) [3]float64 {
		l := pdfLinear(c)
		x := (0.4124*l[0] + 0.3576*l[1] + 0.1805*l[2]) / 0.95047
		y := 0.2126*l[0] + 0.7152*l[1] + 0.0722*l[2]
		z := (0.0193*l[0] + 0.1192*l[1] + 0.9505*l[2]) / 1.08883
		f := func(t float64) float64 {
			if t > 216.0/24389 {
				return math.Cbrt(t)
			}
			return (24389.0/27*t + 16) / 116
		}
		return [3]float64{116*f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))}
	}
	p, q := lab(a), lab(b)
	return math.Sqrt((p[0]-q[0])*(p[0]-q[0]) + (p[1]-q[1])*(p[1]-q[1]) + (p[2]-q[2])*(p[2]-q[2]))
}

// TestBadgePDFsConcurrently builds documents at the same time (run with -race): each
// has its own fonts and state.
func TestBadgePDFsConcurrently(t *testing.T) {
	batch := pdfBatch()
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for i := range 8 {
		wg.Go(func() {
			var err error
			if i%2 == 0 {
				_, err = badges.SingleBadge(pdfEvent, batch[i], "sv")
			} else {
				_, err = badges.BadgeSheets(pdfEvent, batch[:i+3], badges.LayoutInsert, "en")
			}
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
}

func BenchmarkBadgeSheets1000(b *testing.B) {
	batch := make([]badges.Badge, 1000)
	for i := range batch {
		p := pdfPeople[i%len(pdfPeople)]
		batch[i] = badges.Badge{Code: pdfCode(i), Person: badges.Person{
			FirstName: p.first, LastName: fmt.Sprintf("%s %d", p.last, i), Organisation: p.org,
			Municipality: p.municipality, Role: p.role, Category: p.category}}
	}
	b.ReportAllocs()
	var size int
	for b.Loop() {
		doc, err := badges.BadgeSheets(pdfEvent, batch, badges.LayoutInsert, "sv")
		if err != nil {
			b.Fatal(err)
		}
		size = len(doc)
	}
	b.ReportMetric(float64(size)/1024, "KiB/pdf")
}
