package demo_test

import (
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"strconv"
	"strings"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"folkhalsa-events/app/apptest"
	"folkhalsa-events/demo"
	"folkhalsa-events/events"
	"folkhalsa-events/platform/datastore"
	"folkhalsa-events/platform/datastore/storetest"
)

// The season, looked at as a newcomer would: through HTTP, on the service's own
// stores (with the true clock, not the one the season was made with).
func TestSeasonFillsTheSite(t *testing.T) {
	ctx := storetest.Ctx(t)
	db := storetest.DB(t)
	srv := apptest.NewOn(t, db, apptest.Anonymous())
	now := time.Now()
	season, err := demo.Fill(ctx, srv.Cfg, datastore.Wrap(db), slog.New(slog.NewTextHandler(io.Discard, nil)), now)
	if err != nil {
		t.Fatal(err)
	}
	if season.Organisations != 5 || season.Events < 12 || season.Registrations < 300 || season.CheckIns < 100 {
		t.Fatalf("season too small: %+v", season)
	}

	// The public list: upcoming events, the conference among them.
	list := srv.Get(t, "/")
	if list.Status != 200 || strings.Count(list.Text(), `href="/events/`) < 5 || !strings.Contains(list.Text(), "Folkhälsokonferensen") {
		t.Fatalf("public list: %d\n%s", list.Status, list.Body)
	}
	// The conference's page: its parallel workshops and speakers.
	page := srv.Get(t, "/events/"+season.ConferenceID)
	for _, want := range []string{"Psykisk hälsa bland unga", "ANDTS-förebyggande arbete i kommunen", "Helena Lundmark", "Umeå Folkets Hus"} {
		if page.Status != 200 || !strings.Contains(page.Text(), want) {
			t.Fatalf("conference page lacks %q: %d", want, page.Status)
		}
	}

	// The demo organiser signs in with what the command prints and sees the five
	// organisations and the conference's registrations.
	org := srv.SignIn(t, season.Email, season.Password)
	dash := org.Get(t, "/organiser/")
	for _, want := range []string{"Länsstyrelsen Västerbotten", "Region Västerbotten", "Umeå kommun", "Skellefteå kommun", "Lycksele kommun"} {
		if dash.Status != 200 || !strings.Contains(dash.Text(), want) {
			t.Fatalf("dashboard lacks %q: %d", want, dash.Status)
		}
	}
	var regs struct {
		Registrations []struct {
			Email string `json:"email"`
		} `json:"registrations"`
	}
	r := org.Get(t, "/api/v1/events/"+season.ConferenceID+"/registrations")
	r.JSON(t, &regs)
	if r.Status != 200 || len(regs.Registrations) < 150 {
		t.Fatalf("conference registrations: %d, %d", r.Status, len(regs.Registrations))
	}
	for _, reg := range regs.Registrations {
		if !strings.HasSuffix(reg.Email, ".example") || strings.ContainsAny(reg.Email, "åäöÅÄÖé") {
			t.Fatalf("an invented address that could exist or is not plain: %q", reg.Email)
		}
	}

	// The follow-up of the last twelve months: events held, people reached from
	// several municipalities, women and men.
	from := now.In(events.Stockholm).AddDate(-1, 0, 0).Format(time.DateOnly)
	to := now.In(events.Stockholm).Format(time.DateOnly)
	var rep struct {
		Held           int `json:"events_held"`
		Attended       int `json:"attended"`
		Reached        int `json:"reached"`
		Municipalities struct {
			Rows []struct {
				Label string          `json:"label"`
				Count json.RawMessage `json:"count"`
			} `json:"rows"`
		} `json:"municipalities"`
	}
	f := org.Get(t, "/api/v1/organisations/"+season.County.ID+"/followup?from="+from+"&to="+to)
	f.JSON(t, &rep)
	reachedFrom := 0
	for _, row := range rep.Municipalities.Rows {
		if n, err := strconv.Atoi(string(row.Count)); err == nil && n > 0 {
			reachedFrom++
		}
	}
	if f.Status != 200 || rep.Held < 4 || rep.Attended < 50 || rep.Reached < 50 || reachedFrom < 3 {
		t.Fatalf("follow-up: %d held %d attended %d reached %d from %d municipalities\n%s", f.Status, rep.Held, rep.Attended, rep.Reached, reachedFrom, f.Body)
	}
	// The municipalities' work: the recorded dialogue visit and the request in the inbox.
	mun := org.Get(t, "/organiser/organisations/"+season.County.ID+"/municipalities/2481")
	if mun.Status != 200 || !strings.Contains(mun.Text(), "Utse kontaktperson för suicidprevention") {
		t.Fatalf("Lycksele's page: %d", mun.Status)
	}
	inbox := org.Get(t, "/organiser/organisations/"+season.County.ID+"/visit-requests")
	if inbox.Status != 200 || !strings.Contains(inbox.Text(), "Vilhelmina") {
		t.Fatalf("visit requests: %d", inbox.Status)
	}

	// No mail the season queued can reach anyone.
	cur, err := db.Collection("outbox").Find(ctx, bson.D{})
	if err != nil {
		t.Fatal(err)
	}
	var mails []struct {
		To string `bson:"to"`
	}
	if err := cur.All(ctx, &mails); err != nil {
		t.Fatal(err)
	}
	for _, m := range mails {
		if !strings.HasSuffix(m.To, ".example") {
			t.Errorf("mail queued to %q", m.To)
		}
	}

	// A second run refuses the store that now holds the season.
	if _, err := demo.Fill(ctx, srv.Cfg, datastore.Wrap(db), slog.New(slog.NewTextHandler(io.Discard, nil)), now); !errors.Is(err, demo.ErrNotEmpty) {
		t.Fatalf("second fill: %v", err)
	}
}

// The tests run on a real store (the embedded FerretDB, or MONGODB_URI's server).
func TestMain(m *testing.M) { storetest.Main(m) }
