package app_test

import (
	"encoding/xml"
	"strings"
	"testing"
	"time"

	"folkhalsa-events/app/apptest"
	"folkhalsa-events/events"
	"folkhalsa-events/platform/datastore/storetest"
)

var embedNow = time.Date(2026, 9, 1, 12, 0, 0, 0, events.Stockholm)

// embedSeason: two organisations, each with a published event; A also has a
// cancelled one, a draft and an invite-only one, which no feed or list may show
// except the cancelled (marked).
func embedSeason(t *testing.T, s *apptest.Server) (a, b events.Organisation) {
	t.Helper()
	ctx := storetest.Ctx(t)
	var err error
	if a, err = s.Deps.Events.CreateOrganisation(ctx, events.OrganisationInput{Name: "Länsstyrelsen Västerbotten", Kind: "lansstyrelse", County: "24",
		ContactEmail: "folkhalsa@lansstyrelsen.se"}); err != nil {
		t.Fatal(err)
	}
	if b, err = s.Deps.Events.CreateOrganisation(ctx, events.OrganisationInput{Name: "Umeå kommun", Kind: "kommun", County: "24"}); err != nil {
		t.Fatal(err)
	}
	add := func(org events.Organisation, title, visibility string, status events.Status) {
		ev, err := s.Deps.Events.CreateEvent(ctx, org.ID, events.EventInput{DetailsInput: events.DetailsInput{Type: "seminar", TitleSV: title,
			TitleEN: title + " (en)", DescriptionSV: "Om " + title, Mode: "digital", Visibility: visibility},
			Start: "2026-10-01T09:00", End: "2026-10-01T12:00", OnlineURL: "https://meet.example/hemlig"})
		if err != nil {
			t.Fatal(err)
		}
		if status != events.StatusDraft {
			if _, err := s.Deps.Events.SetStatus(ctx, ev.ID, events.StatusPublished); err != nil {
				t.Fatal(err)
			}
		}
		if status == events.StatusCancelled {
			if _, err := s.Deps.Events.SetStatus(ctx, ev.ID, events.StatusCancelled); err != nil {
				t.Fatal(err)
			}
		}
	}
	add(a, "Länets seminarium", "", events.StatusPublished)
	add(a, "Inställt seminarium", "", events.StatusCancelled)
	add(a, "Utkastet", "", events.StatusDraft)
	add(a, "Kommundialogen", "invite_only", events.StatusPublished)
	add(b, "Umeås seminarium", "", events.StatusPublished)
	return a, b
}

type atomFeed struct {
	Title   string `xml:"title"`
	Entries []struct {
		Title   string `xml:"title"`
		ID      string `xml:"id"`
		Summary string `xml:"summary"`
		Link    struct {
			Href string `xml:"href,attr"`
		} `xml:"link"`
	} `xml:"entry"`
}

// The feeds list an organisation's upcoming public events (a cancelled one marked),
// in the language asked for, never drafts, invite-only events or online links.
func TestFeedsOfAnOrganisation(t *testing.T) {
	s := apptest.New(t, apptest.Anonymous(), apptest.WithClock(embedNow))
	a, _ := embedSeason(t, s)
	r := s.Get(t, "/feed.atom?org="+a.ID)
	if r.Status != 200 || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/atom+xml") {
		t.Fatalf("atom: %d %s", r.Status, r.Header.Get("Content-Type"))
	}
	var feed atomFeed
	if err := xml.Unmarshal(r.Body, &feed); err != nil {
		t.Fatalf("atom does not parse: %v\n%s", err, r.Body)
	}
	var titles []string
	for _, e := range feed.Entries {
		titles = append(titles, e.Title)
		if !strings.HasPrefix(e.Link.Href, "http://events.test/events/") {
			t.Errorf("entry link %q", e.Link.Href)
		}
		if e.Title == "Inställt seminarium" && !strings.Contains(e.Summary, "Inställt") {
			t.Errorf("the cancelled event is not marked: %q", e.Summary)
		}
	}
	if strings.Join(titles, "|") != "Länets seminarium|Inställt seminarium" && strings.Join(titles, "|") != "Inställt seminarium|Länets seminarium" {
		t.Errorf("atom entries %v", titles)
	}
	if strings.Contains(r.Text(), "meet.example") || !strings.Contains(feed.Title, "Länsstyrelsen Västerbotten") {
		t.Errorf("atom feed title %q, or it leaks the online link", feed.Title)
	}

	rss := s.Get(t, "/feed.rss?org="+a.ID+"&lang=en")
	var channel struct {
		Items []struct {
			Title string `xml:"title"`
		} `xml:"channel>item"`
	}
	if err := xml.Unmarshal(rss.Body, &channel); err != nil || rss.Status != 200 || len(channel.Items) != 2 {
		t.Fatalf("rss: %d %v %+v", rss.Status, err, channel)
	}
	for _, it := range channel.Items {
		if !strings.HasSuffix(it.Title, "(en)") {
			t.Errorf("English feed item %q", it.Title)
		}
	}
	// The public list links to the feeds of its filter.
	if list := s.Get(t, "/?type=seminar"); !strings.Contains(list.Text(), `href="/feed.atom?lang=sv&amp;type=seminar"`) {
		t.Error("the list does not link to the feed of its filter")
	}
}

// The embeddable list: only the allowed sites may frame it (every other page refuses
// any frame), it shows the organisation's events, and its links leave the frame.
func TestEmbeddableListMayBeFramedByAllowedSitesOnly(t *testing.T) {
	s := apptest.New(t, apptest.Anonymous(), apptest.WithClock(embedNow), apptest.WithEnv("EMBED_FRAME_ANCESTORS", "https://www.lansstyrelsen.example"))
	a, _ := embedSeason(t, s)
	r := s.Get(t, "/embed/events?org="+a.ID)
	csp := r.Header.Get("Content-Security-Policy")
	if r.Status != 200 || r.Header.Get("X-Frame-Options") != "" || !strings.Contains(csp, "frame-ancestors 'self' https://www.lansstyrelsen.example") {
		t.Fatalf("embed: %d, X-Frame-Options %q, CSP %q", r.Status, r.Header.Get("X-Frame-Options"), csp)
	}
	body := r.Text()
	if !strings.Contains(body, "Länets seminarium") || strings.Contains(body, "Umeås seminarium") || strings.Contains(body, "Kommundialogen") || strings.Contains(body, "Utkastet") {
		t.Errorf("embed shows the wrong events:\n%s", body)
	}
	if !strings.Contains(body, `target="_top"`) || strings.Contains(body, "site-header") {
		t.Error("the embed's links stay in the frame, or it has the site's header")
	}
	if home := s.Get(t, "/"); home.Header.Get("X-Frame-Options") != "DENY" || !strings.Contains(home.Header.Get("Content-Security-Policy"), "frame-ancestors 'none'") {
		t.Error("an ordinary page may be framed")
	}
	js := s.Get(t, "/embed.js")
	if js.Status != 200 || !strings.HasPrefix(js.Header.Get("Content-Type"), "text/javascript") || !strings.Contains(js.Text(), "/embed/events?") {
		t.Fatalf("embed.js: %d %s", js.Status, js.Header.Get("Content-Type"))
	}
}

// The organisation's page of codes gives the snippet, the iframe and the feeds.
func TestOrganiserGetsTheCodeForTheirSite(t *testing.T) {
	s := apptest.New(t, apptest.WithClock(embedNow))
	a, _ := embedSeason(t, s)
	r := s.Operator.Get(t, "/organiser/organisations/"+a.ID+"/embed")
	checkPage(t, "embed codes", r.Text())
	for _, want := range []string{`data-org=&#34;` + a.ID, "/embed.js", "/embed/events?org=" + a.ID, "/feed.atom?org=" + a.ID, "EMBED_FRAME_ANCESTORS"} {
		if r.Status != 200 || !strings.Contains(r.Text(), want) {
			t.Errorf("codes page lacks %q (%d)", want, r.Status)
		}
	}
}

// Read by feedparser: each feed states its language, the Atom feed its own address
// (rel="self"), each event has one entry id whatever the language, and RSS names an
// author only as RSS has it (an address, with the name in brackets).
func TestFeedsAsAFeedReaderReadsThem(t *testing.T) {
	s := apptest.New(t, apptest.Anonymous(), apptest.WithClock(embedNow))
	embedSeason(t, s)
	ids := map[string]map[string]bool{}
	for _, tc := range []struct{ path, lang, version string }{
		{"/feed.atom?lang=sv", "sv", "atom10"}, {"/feed.atom?lang=en", "en", "atom10"},
		{"/feed.rss?lang=sv", "sv", "rss20"}, {"/feed.rss?lang=en", "en", "rss20"},
	} {
		r := s.Get(t, tc.path)
		f := feedparser(t, r.Body)
		if f.Bozo || f.Version != tc.version || f.Language != tc.lang || len(f.Entries) != 3 {
			t.Errorf("%s: bozo %v version %q language %q, %d entries\n%s", tc.path, f.Bozo, f.Version, f.Language, len(f.Entries), r.Body)
		}
		if tc.version == "atom10" {
			self := false
			for _, l := range f.Links {
				self = self || (l[0] == "self" && strings.HasPrefix(l[1], "http://events.test/feed.atom?") && strings.Contains(l[1], "lang="+tc.lang))
			}
			if !self {
				t.Errorf("%s: no rel=self link: %v", tc.path, f.Links)
			}
		}
		for _, e := range f.Entries {
			if ids[e.ID] == nil {
				ids[e.ID] = map[string]bool{}
			}
			ids[e.ID][tc.path] = true
			if !strings.HasSuffix(e.Link, "lang="+tc.lang) {
				t.Errorf("%s: entry link %q", tc.path, e.Link)
			}
			if tc.version == "rss20" {
				switch {
				case strings.Contains(e.Link, "/events/") && e.Email == "folkhalsa@lansstyrelsen.se":
				case e.Author == "" && e.Email == "": // Umeå kommun gave no address
				default:
					t.Errorf("%s: RSS author %q <%s>", tc.path, e.Author, e.Email)
				}
			}
		}
	}
	if len(ids) != 3 {
		t.Errorf("entry ids across the four feeds: %v (want one per event)", ids)
	}
	for id, in := range ids {
		if len(in) != 4 {
			t.Errorf("%s appears in %d of the four feeds", id, len(in))
		}
	}
}
