package app_test

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"folkhalsa-events/accounts"
	"folkhalsa-events/app/apptest"
	"folkhalsa-events/badges"
	"folkhalsa-events/events"
	"folkhalsa-events/municipal"
	"folkhalsa-events/registration"
)

// holding lists every stored document, in any collection, that contains one of the
// words (case-insensitive), as "collection: document".
func holding(t *testing.T, h *regHarness, words ...string) []string {
	t.Helper()
	names, err := h.s.DB.ListCollectionNames(h.ctx, bson.D{})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, name := range names {
		cur, err := h.s.DB.Collection(name).Find(h.ctx, bson.D{})
		if err != nil {
			t.Fatal(err)
		}
		var docs []bson.Raw
		if err := cur.All(h.ctx, &docs); err != nil {
			t.Fatal(err)
		}
		for _, d := range docs {
			text := strings.ToLower(d.String())
			for _, w := range words {
				if strings.Contains(text, strings.ToLower(w)) {
					out = append(out, name+": "+d.String())
					break
				}
			}
		}
	}
	return out
}

// privacyEvent is a full event with a workshop and a free-text question; capacity 1,
// so a second person waits.
func privacyEvent(h *regHarness) (events.Event, events.Session, events.Question) {
	ev := h.event(func(in *events.EventInput) { in.CapacityOnSite = 1 })
	ws := h.workshop(ev, "Barns uppväxtvillkor", "2026-10-14T10:00", "2026-10-14T11:00", "Sal A", 10)
	q, err := h.s.Deps.Events.AddQuestion(h.ctx, ev.ID, events.QuestionInput{Kind: "text", LabelSV: "Något vi bör veta?"})
	if err != nil {
		h.t.Fatal(err)
	}
	ev, err = h.s.Deps.Events.Event(h.ctx, ev.ID)
	if err != nil {
		h.t.Fatal(err)
	}
	return ev, ws, q
}

// A participant downloads what is held about them and erases their registration from
// the manage link: the seat goes to the waiting list, the link stops working, and
// nothing that names them is left in any collection.
func TestParticipantDownloadsAndErasesTheirData(t *testing.T) {
	h := newRegHarness(t)
	ev, ws, q := privacyEvent(h)
	manage := h.register(ev, regPerson("zelda.quist@umea.se", "first_name", "Zelda", "last_name", "Quistberg", "organisation", "Zeldas byrå",
		"diet", "Glutenfritt hos Zelda", "gender", "kvinna", "workshops", ws.ID, "q_"+q.ID, "Jag heter Zelda och kommer med rullstol"))
	h.register(ev, regPerson("vanja.wait@umea.se", "waitlist_ok", "true"))
	regs := h.list(ev)
	var zelda, vanja registration.Registration
	for _, r := range regs {
		switch r.Email {
		case "zelda.quist@umea.se":
			zelda = r
		case "vanja.wait@umea.se":
			vanja = r
		}
	}
	if zelda.Status != registration.StatusConfirmed || vanja.Status != registration.StatusWaiting {
		t.Fatalf("before: %s, %s", zelda.Status, vanja.Status)
	}
	link, _, err := h.s.Deps.Badges.CreateLink(h.ctx, ev.ID, badges.LinkInput{Station: "Entrén", ValidFrom: regNow, ValidUntil: regNow.Add(time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.s.Deps.Badges.ManualCheckIn(h.ctx, link, zelda.ID, ""); err != nil {
		t.Fatal(err)
	}

	page := h.page(manage, 200)
	if !strings.Contains(page, manage+"/data.json") || !strings.Contains(page, manage+"/erase") {
		t.Fatal("the manage page does not offer the data and erasure")
	}
	// Art. 15: the JSON holds the registration, its check-in and the confirmation mail.
	r := h.s.Get(t, manage+"/data.json")
	var rep struct {
		Email         string `json:"email"`
		Registrations []struct {
			Event        struct{ Title, Organisation string } `json:"event"`
			Registration struct {
				FirstName string `json:"first_name"`
				Diet      string `json:"diet"`
			} `json:"registration"`
			Gender    string   `json:"gender"`
			Workshops []string `json:"workshops"`
			Answers   []struct {
				Question string   `json:"question"`
				Values   []string `json:"values"`
			} `json:"answers"`
			CheckIns []struct{ Station string } `json:"check_ins"`
		} `json:"registrations"`
		Mails []struct{ Subject, Kind string } `json:"mails"`
	}
	r.JSON(t, &rep)
	if r.Status != 200 || !strings.Contains(r.Header.Get("Content-Disposition"), "attachment") || rep.Email != "zelda.quist@umea.se" || len(rep.Registrations) != 1 {
		t.Fatalf("data.json: %d %+v", r.Status, rep)
	}
	got := rep.Registrations[0]
	if got.Registration.FirstName != "Zelda" || got.Registration.Diet != "Glutenfritt hos Zelda" || got.Gender != "Kvinna" ||
		len(got.Workshops) != 1 || got.Workshops[0] != "Barns uppväxtvillkor" || len(got.Answers) != 1 || got.Answers[0].Question != "Något vi bör veta?" ||
		len(got.CheckIns) != 1 || got.CheckIns[0].Station != "Entrén" || got.Event.Organisation != "Region Västerbotten" {
		t.Errorf("the registration in the export: %+v", got)
	}
	if len(rep.Mails) == 0 || rep.Mails[0].Kind == "" {
		t.Errorf("the mails in the export: %+v", rep.Mails)
	}
	pdf := h.s.Get(t, manage+"/data.pdf")
	text := pdfToText(t, pdf.Body)
	for _, want := range []string{"Dina personuppgifter", "zelda.quist@umea.se", "Quistberg", "Glutenfritt hos Zelda", "Barns uppväxtvillkor", "Något vi bör veta?", "Entrén"} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF lacks %q:\n%s", want, text)
		}
	}

	checkRegPage(t, "erase", h.page(manage+"/erase", 200))
	// Art. 17: erasing needs the box ticked.
	if r := h.post(manage+"/erase", url.Values{}, 422); !strings.Contains(r.Text(), "Kryssa i rutan") {
		t.Fatal("erasing without confirming")
	}
	if left := holding(t, h, "Quistberg"); len(left) == 0 {
		t.Fatal("an unconfirmed erasure erased")
	}
	done := h.post(manage+"/erase", url.Values{"confirm": {"true"}}, 200)
	if !strings.Contains(done.Text(), "Din anmälan är raderad") {
		t.Fatalf("after erasing:\n%s", done.Body)
	}
	h.page(manage, 404)
	for _, r := range h.list(ev) {
		if r.ID == vanja.ID && r.Status != registration.StatusConfirmed {
			t.Errorf("the waiting person was not given the seat: %s", r.Status)
		}
	}
	if left := holding(t, h, "zelda.quist@umea.se", "Quistberg", "Zeldas byrå", "Glutenfritt hos Zelda", "rullstol"); len(left) > 0 {
		t.Fatalf("the erased person is still held:\n%s", strings.Join(left, "\n"))
	}
	// What stays is anonymous: the registration, cancelled, with the follow-up's figures.
	var kept registration.Registration
	if err := h.s.DB.Collection(registration.RegistrationsCollection).FindOne(h.ctx, bson.D{{Key: "_id", Value: zelda.ID}}).Decode(&kept); err != nil {
		t.Fatal(err)
	}
	if kept.Status != registration.StatusCancelled || kept.Municipality != "Skellefteå" || kept.OrgType != "kommun" || kept.FirstName != "" || kept.AnonymisedAt.IsZero() {
		t.Errorf("kept: %+v", kept)
	}
}

// An admin answers a request by address across the organisation's events: export
// first (erasing before answers 409), then erase; another organisation's
// registration of the address stays, and the audit log names the address masked.
func TestAdminAnswersADataRequestAcrossEvents(t *testing.T) {
	h := newRegHarness(t)
	first := h.event(nil)
	second := h.event(func(in *events.EventInput) {
		in.TitleSV = "Nätverksträff i Umeå"
		in.Start, in.End = "2026-11-10T13:00", "2026-11-10T15:00"
	})
	other, err := h.s.Deps.Events.CreateOrganisation(h.ctx, events.OrganisationInput{Name: "Umeå kommun", Kind: "kommun", County: "24"})
	if err != nil {
		t.Fatal(err)
	}
	theirs, err := h.s.Deps.Events.CreateEvent(h.ctx, other.ID, events.EventInput{DetailsInput: events.DetailsInput{Type: "seminar", TitleSV: "Kommunens seminarium", Mode: "digital"},
		Start: "2026-10-20T09:00", End: "2026-10-20T11:00", OnlineURL: "https://meet.example/x"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.s.Deps.Events.SetStatus(h.ctx, theirs.ID, events.StatusPublished); err != nil {
		t.Fatal(err)
	}
	for _, ev := range []events.Event{first, second, theirs} {
		h.register(ev, regPerson("ylva.request@umea.se", "last_name", "Begärsson"))
	}
	// The municipality records know the person too: as a contact, and by a request.
	if _, err := h.s.Deps.Municipal.AddContact(h.ctx, h.org.ID, "2480", municipal.ContactInput{Name: "Ylva Begärsson", Role: "Socialchef", Email: "ylva.request@umea.se"}, "admin@example.se"); err != nil {
		t.Fatal(err)
	}
	if _, err := h.s.Deps.Municipal.SubmitRequest(h.ctx, h.org, municipal.RequestInput{Kind: "visit", Municipality: "Umeå", Name: "Ylva Begärsson",
		Email: "ylva.request@umea.se", Topics: []string{"pf:andts"}, Message: "Ylvas egna ord om kommunen"}, "sv"); err != nil {
		t.Fatal(err)
	}
	admin := h.s.SessionFor(t, h.s.CreateAccount(t, "admin@region.example.se", "", apptest.Member(h.org.ID, accounts.RoleAdmin)))
	path := "/organiser/organisations/" + h.org.ID + "/data-requests"
	checkPage(t, "data requests", admin.Get(t, path).Text())
	found := admin.PostForm(t, path, url.Values{"email": {"Ylva.Request@umea.se"}})
	checkPage(t, "data request found", found.Text())
	if found.Status != 200 || !strings.Contains(found.Text(), "Nätverksträff i Umeå") || strings.Contains(found.Text(), "Kommunens seminarium") ||
		!strings.Contains(found.Text(), "kontaktperson (1) och som avsändare av förfrågningar om besök eller utbildning (1)") {
		t.Fatalf("search: %d\n%s", found.Status, found.Body)
	}
	if r := admin.PostForm(t, path, url.Values{"email": {"inte en adress"}}); r.Status != 422 {
		t.Fatalf("a bad address: %d", r.Status)
	}
	if r := admin.PostForm(t, path+"/erase", url.Values{"email": {"ylva.request@umea.se"}, "confirm": {"true"}}); r.Status != 409 || !strings.Contains(r.Text(), "Lämna ut uppgifterna först") {
		t.Fatalf("erasing before exporting: %d", r.Status)
	}
	exp := admin.PostForm(t, path+"/export", url.Values{"email": {"ylva.request@umea.se"}, "format": {"json"}})
	var rep struct {
		Scope         string            `json:"scope"`
		Registrations []json.RawMessage `json:"registrations"`
		Municipal     struct {
			Contacts []json.RawMessage `json:"contacts"`
			Requests []struct {
				Message string `json:"message"`
			} `json:"requests"`
		} `json:"municipal"`
	}
	exp.JSON(t, &rep)
	if exp.Status != 200 || len(rep.Registrations) != 2 || rep.Scope != "Region Västerbotten" || len(rep.Municipal.Contacts) != 1 ||
		len(rep.Municipal.Requests) != 1 || rep.Municipal.Requests[0].Message != "Ylvas egna ord om kommunen" {
		t.Fatalf("export: %d %+v", exp.Status, rep)
	}
	if pdf := admin.PostForm(t, path+"/export", url.Values{"email": {"ylva.request@umea.se"}, "format": {"pdf"}}); !strings.Contains(pdfToText(t, pdf.Body), "Begärsson") {
		t.Fatal("the PDF export lacks the person")
	}
	erased := admin.PostForm(t, path+"/erase", url.Values{"email": {"ylva.request@umea.se"}, "confirm": {"true"}})
	if erased.Status != 200 || !strings.Contains(erased.Text(), "2 anmälningar är raderade") {
		t.Fatalf("erase: %d\n%s", erased.Status, erased.Body)
	}
	theirReg := h.list(theirs)[0].ID
	for _, doc := range holding(t, h, "ylva.request@umea.se", "Begärsson", "Ylvas egna ord") {
		if !strings.Contains(doc, theirs.ID) && !strings.Contains(doc, theirReg) {
			t.Errorf("held after the erasure, outside the other organisation's event: %s", doc)
		}
	}
	if len(h.list(theirs)) != 1 || h.list(theirs)[0].Email != "ylva.request@umea.se" {
		t.Error("the other organisation's registration was touched")
	}
	var entries []accounts.AuditEntry
	cur, err := h.s.DB.Collection(accounts.AuditCollection).Find(h.ctx, bson.D{{Key: "org_id", Value: h.org.ID}})
	if err != nil || cur.All(h.ctx, &entries) != nil {
		t.Fatal(err)
	}
	masked := 0
	for _, e := range entries {
		if strings.Contains(e.Route, "data-requests") && e.Detail == "y***@u***.se" {
			masked++
		}
	}
	if masked < 4 {
		t.Errorf("audit entries with the masked address: %d, want the searches, exports and erasure", masked)
	}
	if audit := admin.Get(t, "/organiser/audit?org="+h.org.ID); !strings.Contains(audit.Text(), "raderade uppgifterna om y***@u***.se") {
		t.Error("the audit log does not say the erasure in words")
	}
}

// Every value of every export reads as the person saw it on the form, in their
// language: the chosen options by their labels (never the stored ids of options),
// yes and no in words, the gender answer as the form put it. The participant's
// data.json and data.pdf and the admin's JSON and PDF alike.
func TestExportsReadAsThePersonSawThem(t *testing.T) {
	h := newRegHarness(t)
	ev := h.event(func(in *events.EventInput) { in.End = "2026-10-15T16:00" })
	var qs []events.Question
	for _, in := range []events.QuestionInput{
		{Kind: "choice", LabelSV: "Vilket län kommer du från?", Options: "Västerbotten\nNorrbotten"},
		{Kind: "catering", LabelSV: "Vilka dagar och måltider deltar du i?", Options: events.CateringOptions(ev)},
		{Kind: "yesno", LabelSV: "Vill du ha intyg?"},
	} {
		q, err := h.s.Deps.Events.AddQuestion(h.ctx, ev.ID, in)
		if err != nil {
			t.Fatal(err)
		}
		qs = append(qs, q)
	}
	ev, err := h.s.Deps.Events.Event(h.ctx, ev.ID)
	if err != nil {
		t.Fatal(err)
	}
	form := regPerson("ulla.svar@umea.se", "gender", "kvinna", "q_"+qs[0].ID, qs[0].Options[1].ID, "q_"+qs[2].ID, "yes")
	form["q_"+qs[1].ID] = []string{qs[1].Options[0].ID, qs[1].Options[1].ID}
	manage := h.register(ev, form)
	var ids []string
	for _, q := range qs {
		for _, o := range q.Options {
			ids = append(ids, o.ID)
		}
	}
	wants := []string{"Norrbotten", qs[1].Options[0].Label.SV, qs[1].Options[1].Label.SV, "Vill du ha intyg?", "Ja", "Kvinna"}
	check := func(name, body string) {
		t.Helper()
		for _, id := range ids {
			if strings.Contains(body, id) {
				t.Errorf("%s holds the option id %s:\n%s", name, id, body)
			}
		}
		for _, want := range wants {
			if !strings.Contains(body, want) {
				t.Errorf("%s lacks %q:\n%s", name, want, body)
			}
		}
	}
	check("data.json", h.s.Get(t, manage+"/data.json").Text())
	check("data.pdf", pdfToText(t, h.s.Get(t, manage+"/data.pdf").Body))
	admin := h.s.SessionFor(t, h.s.CreateAccount(t, "admin@region.se", "", apptest.Member(h.org.ID, accounts.RoleAdmin)))
	path := "/organiser/organisations/" + h.org.ID + "/data-requests"
	check("the admin's JSON", admin.PostForm(t, path+"/export", url.Values{"email": {"ulla.svar@umea.se"}, "format": {"json"}}).Text())
	check("the admin's PDF", pdfToText(t, admin.PostForm(t, path+"/export", url.Values{"email": {"ulla.svar@umea.se"}, "format": {"pdf"}}).Body))
}
