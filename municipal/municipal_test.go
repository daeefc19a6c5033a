package municipal_test

import (
	"fmt"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"folkhalsa-events/config"
	"folkhalsa-events/events"
	"folkhalsa-events/municipal"
	"folkhalsa-events/platform/datastore/storetest"
	"folkhalsa-events/platform/outbox"
)

func TestMain(m *testing.M) { storetest.Main(m) }

var org = events.Organisation{ID: "org-ac", Name: "Länsstyrelsen Västerbotten", County: "Västerbottens län"}

func newStore(t *testing.T) (*municipal.Store, *mongo.Database) {
	t.Helper()
	db := storetest.DB(t)
	ob := outbox.New(db, config.SMTP{}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	s := municipal.NewStore(db, ob)
	if err := s.EnsureIndexes(storetest.Ctx(t)); err != nil {
		t.Fatal(err)
	}
	return s, db
}

// Retention: a request older than the cutoff loses its contact details and message
// but keeps what the history needs; a visit keeps the roles and loses the names; a
// contact not added or confirmed since the cutoff goes, a confirmed one stays.
func TestRetentionRemovesPersonalData(t *testing.T) {
	s, _ := newStore(t)
	ctx := storetest.Ctx(t)
	old := time.Date(2025, 1, 10, 9, 0, 0, 0, events.Stockholm)
	s.SetClock(func() time.Time { return old })
	req, err := s.SubmitRequest(ctx, org, municipal.RequestInput{Kind: "visit", Municipality: "Umeå", Name: "Kim Lind", Role: "Kommundirektör",
		Email: "kim@umea.se", Phone: "090-10 00 00", Topics: []string{"pf:andts"}, Message: "Ring mig på 070-123 45 67."}, "sv")
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.RecordVisit(ctx, org.ID, "2480", municipal.VisitInput{Kind: "dialogue", Date: "2025-01-09",
		People: []municipal.Person{{Role: "Kommundirektör", Name: "Olle Berg"}, {Role: "Socialchef"}}}, "anna@lst.se"); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"Eva Ek", "Per Ek"} {
		if _, err := s.AddContact(ctx, org.ID, "2480", municipal.ContactInput{Name: name, Role: "Strateg", Email: fmt.Sprintf("%s@umea.se", name[:3])}, "anna@lst.se"); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.AnswerRequest(ctx, org, municipal.RequestCase{Request: req}, "Hej Kim! Vi kommer gärna.", "anna@lst.se"); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, events.Stockholm)
	s.SetClock(func() time.Time { return now })
	if err := s.EnsureContact(ctx, org.ID, "2480", municipal.ContactInput{Name: "Eva Ek", Email: "eva@umea.se"}, "anna@lst.se"); err != nil {
		t.Fatal(err)
	}
	res, err := s.Purge(ctx, now.AddDate(0, 0, -365))
	if err != nil {
		t.Fatal(err)
	}
	if res.Requests != 1 || res.Answers != 1 || res.Visits != 1 || res.Contacts != 1 {
		t.Errorf("purged: %+v", res)
	}
	rc, err := s.RequestOf(ctx, org.ID, req.ID)
	if err != nil {
		t.Fatal(err)
	}
	if rc.Name != "" || rc.Email != "" || rc.Phone != "" || rc.Role != "" || rc.Message != "" || rc.Anonymised == nil || rc.Code != "2480" || len(rc.Topics) != 1 ||
		len(rc.Answers) != 1 || rc.Answers[0].Text != "" {
		t.Errorf("the old request: %+v", rc)
	}
	recs, err := s.Records(ctx, org.ID, org.County)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range recs {
		if r.Code != "2480" {
			continue
		}
		if len(r.Visits) != 1 || len(r.Visits[0].People) != 2 || r.Visits[0].People[0] != (municipal.Person{Role: "Kommundirektör"}) {
			t.Errorf("the old visit: %+v", r.Visits)
		}
		if len(r.Contacts) != 1 || r.Contacts[0].Name != "Eva Ek" {
			t.Errorf("contacts kept: %+v", r.Contacts)
		}
	}
	if again, _ := s.Purge(ctx, now.AddDate(0, 0, -365)); again != (municipal.PurgeResult{}) {
		t.Errorf("a second pass changed %+v", again)
	}
}

// Of two organisers turning one request into a visit at the same moment, one gets to
// make the event; an action marked done by two at once is done once, and stays done
// whatever else is written.
func TestPlanningAndDoneAreOnce(t *testing.T) {
	s, db := newStore(t)
	ctx := storetest.Ctx(t)
	req, err := s.SubmitRequest(ctx, org, municipal.RequestInput{Kind: "training", Municipality: "Skellefteå", Name: "Kim", Email: "kim@skelleftea.se",
		Topics: []string{"ta:2"}}, "en")
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	wins := make(chan bool, 20)
	for range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := s.ClaimPlanning(ctx, org.ID, req.ID, "a@lst.se")
			wins <- err == nil
		}()
	}
	wg.Wait()
	close(wins)
	n := 0
	for w := range wins {
		if w {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d claims won, want 1", n)
	}
	a, err := s.AddAction(ctx, org.ID, "2482", "", municipal.ActionInput{What: "Lägesbild", Who: "Kommunen", Due: "2026-05-01"}, "a@lst.se")
	if err != nil {
		t.Fatal(err)
	}
	for range 10 {
		wg.Add(1)
		go func() { defer wg.Done(); _ = s.ActionDone(ctx, org.ID, "2482", a.ID, "b@lst.se") }()
	}
	wg.Wait()
	if n, _ := db.Collection(municipal.ActionsDoneCollection).CountDocuments(ctx, bson.D{}); n != 1 {
		t.Errorf("%d done marks, want 1", n)
	}
	if n, _ := db.Collection(municipal.RequestMarksCollection).CountDocuments(ctx, bson.D{}); n != 1 {
		t.Errorf("%d planning marks, want 1", n)
	}
	if err := s.ActionDone(ctx, "other-org", "2482", a.ID, "x@lst.se"); err == nil {
		t.Error("another organisation marked the action done")
	}
}
