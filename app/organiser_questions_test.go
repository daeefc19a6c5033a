package app_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"folkhalsa-events/events"
	"folkhalsa-events/platform/datastore/storetest"
	"folkhalsa-events/registration"
)

// An event's own questions, end to end: the organiser writes them, participants answer
// them on the form and the manage page, and the answers show in the list, the CSV, the
// JSON and (days and meals, and the choices) in the needs summary.
func TestEventQuestionsFromFormToFollowUp(t *testing.T) {
	f := newPartFixture(t)
	ctx := storetest.Ctx(t)
	ev, err := f.s.Deps.Events.CreateEvent(ctx, f.org.ID, events.EventInput{
		DetailsInput: events.DetailsInput{Type: "conference", TitleSV: "Folkhälsodagarna", TitleEN: "Public Health Days", VenueName: "Väven",
			VenueCity: "Umeå", Mode: "on_site", CapacityOnSite: 50, Municipality: "Umeå"},
		Start: "2026-10-14T09:00", End: "2026-10-15T16:00",
	})
	if err != nil {
		t.Fatal(err)
	}
	if ev, err = f.s.Deps.Events.SetStatus(ctx, ev.ID, events.StatusPublished); err != nil {
		t.Fatal(err)
	}
	qpath := "/organiser/events/" + ev.ID + "/questions"
	page, _ := f.page(qpath, 200)
	if !strings.Contains(page, "Anmälan har inga egna frågor ännu.") {
		t.Errorf("empty questions page:\n%s", mainOf(page))
	}

	// A choice with one option is refused, and nothing is stored.
	bad := f.post(qpath, url.Values{"kind": {"choice"}, "label_sv": {"Vilken lunch?"}, "options": {"Kött"}}, 422)
	if msg := fieldError(t, bad, "options"); !strings.Contains(msg, "minst två") {
		t.Errorf("one option: %q", msg)
	}
	if got, _ := f.s.Deps.Events.Event(ctx, ev.ID); len(got.Questions) != 0 {
		t.Fatalf("a refused question was stored: %+v", got.Questions)
	}
	f.post(qpath, url.Values{"kind": {"choice"}, "label_sv": {"Vilken lunch?"}, "label_en": {"Which lunch?"},
		"required": {"true"}, "options": {"Kött | Meat\nVegetariskt | Vegetarian"}}, 303)
	f.post(qpath, url.Values{"kind": {"text"}, "label_sv": {"Vad vill du fråga panelen?"}}, 303)
	f.post(qpath, url.Values{"kind": {"catering"}}, 303) // the button: the event's days and a dinner
	got, _ := f.s.Deps.Events.Event(ctx, ev.ID)
	if len(got.Questions) != 3 {
		t.Fatalf("questions: %+v", got.Questions)
	}
	lunch, panel, days := got.Questions[0], got.Questions[1], got.Questions[2]
	if !lunch.Required || lunch.Options[1].Label.EN != "Vegetarian" || days.Kind != events.QuestionCatering ||
		len(days.Options) != 3 || !strings.HasPrefix(days.Options[0].Label.SV, "Dag 1, onsdag 14 oktober") || days.Options[2].Label.SV != "Konferensmiddag" {
		t.Fatalf("stored questions: %+v", got.Questions)
	}
	veg, day1, day2, dinner := lunch.Options[1].ID, days.Options[0].ID, days.Options[1].ID, days.Options[2].ID

	// The public form asks them; a missing required answer is a clear error and stores nothing.
	form := "/events/" + ev.ID + "/register"
	body := f.s.Get(t, form, "Accept", "text/html").Text()
	for _, want := range []string{"Fler frågor från arrangören", "Vilken lunch?", "Vegetariskt", "Konferensmiddag", `name="q_` + days.ID + `"`} {
		if !strings.Contains(body, want) {
			t.Errorf("form lacks %q", want)
		}
	}
	person := url.Values{"first_name": {"Áile"}, "last_name": {"Ŋuvttet"}, "email": {"aile@umea.se"}, "organisation": {"Umeå kommun"},
		"org_type": {"kommun"}, "municipality": {"Umeå"}, "privacy_accepted": {"true"}}
	r := f.s.PostForm(t, form, person)
	if r.Status != 422 {
		t.Fatalf("without the required answer: %d", r.Status)
	}
	if msg := fieldError(t, r.Text(), "q_"+lunch.ID+"-1"); !strings.Contains(msg, "Svara på frågan ”Vilken lunch?”") {
		t.Errorf("required answer: %q", msg)
	}
	if list := f.s.Deps.Registrations; list != nil {
		if regs, _ := list.List(ctx, ev.ID, registration.ListFilter{}); len(regs) != 0 {
			t.Fatalf("stored without the required answer: %d", len(regs))
		}
	}
	person["q_"+lunch.ID] = []string{veg}
	person["q_"+panel.ID] = []string{"Hur når vi unga?"}
	person["q_"+days.ID] = []string{day1, dinner}
	r = f.s.PostForm(t, form, person)
	if r.Status != 303 {
		t.Fatalf("register: %d\n%s", r.Status, mainOf(r.Text()))
	}
	manage := strings.TrimSuffix(r.Header.Get("Location"), "?welcome=1")

	// The same through the JSON API: a boolean-free question set, options by id.
	api := f.s.SendJSON(t, "POST", "/api/v1/public/events/"+ev.ID+"/registrations", map[string]any{
		"first_name": "Erik", "last_name": "Lind", "email": "erik@umea.se", "organisation": "Region Västerbotten",
		"org_type": "region", "municipality": "Umeå", "privacy_accepted": true,
		"answers": map[string]any{lunch.ID: lunch.Options[0].ID, days.ID: []string{day1, day2}},
	})
	if api.Status != 201 {
		t.Fatalf("JSON registration: %d %s", api.Status, api.Body)
	}
	unknown := f.s.SendJSON(t, "POST", "/api/v1/public/events/"+ev.ID+"/registrations", map[string]any{
		"first_name": "Eva", "last_name": "Ek", "email": "eva@umea.se", "organisation": "Umeå kommun",
		"org_type": "kommun", "municipality": "Umeå", "privacy_accepted": true,
		"answers": map[string]any{lunch.ID: "no-such-option"},
	})
	if unknown.Status != 422 || !strings.Contains(string(unknown.Body), "q_"+lunch.ID) {
		t.Errorf("an unknown option: %d %s", unknown.Status, unknown.Body)
	}

	regs, err := f.s.Deps.Registrations.List(ctx, ev.ID, registration.ListFilter{})
	if err != nil || len(regs) != 2 {
		t.Fatalf("registrations: %d %v", len(regs), err)
	}
	var aile registration.Registration
	for _, x := range regs {
		if x.FirstName == "Áile" {
			aile = x
		}
	}
	if strings.Join(aile.AnswerOf(lunch.ID), ",") != veg || strings.Join(aile.AnswerOf(days.ID), ",") != day1+","+dinner ||
		strings.Join(aile.AnswerOf(panel.ID), ",") != "Hur når vi unga?" {
		t.Fatalf("stored answers: %+v", aile.Answers)
	}

	// The manage page shows the answers and changes them.
	mp := f.s.Get(t, manage, "Accept", "text/html").Text()
	if !strings.Contains(mp, "Vegetariskt") || !strings.Contains(mp, "Dag 1, onsdag 14 oktober 2026; Konferensmiddag") {
		t.Errorf("manage page answers:\n%s", mainOf(mp))
	}
	edit := url.Values{"first_name": {"Áile"}, "last_name": {"Ŋuvttet"}, "organisation": {"Umeå kommun"}, "org_type": {"kommun"},
		"municipality": {"Umeå"}, "q_" + lunch.ID: {veg}, "q_" + days.ID: {day1, day2, dinner}}
	if r := f.s.PostForm(t, manage, edit); r.Status != 303 {
		t.Fatalf("manage edit: %d\n%s", r.Status, mainOf(r.Text()))
	}
	aile, _ = f.s.Deps.Registrations.Registration(ctx, aile.ID)
	if len(aile.AnswerOf(days.ID)) != 3 || len(aile.AnswerOf(panel.ID)) != 0 {
		t.Errorf("after the edit: %+v", aile.Answers)
	}

	// The participant list, the CSV and the JSON show them.
	list, _ := f.page("/organiser/events/"+ev.ID+"/participants", 200)
	if !strings.Contains(list, "Svar på frågor") || !strings.Contains(list, "Vegetariskt") {
		t.Errorf("list lacks the answers:\n%s", mainOf(list))
	}
	csvResp := f.s.Get(t, "/organiser/events/"+ev.ID+"/participants.csv")
	rd := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(csvResp.Body, []byte("\ufeff"))))
	rd.Comma = ';'
	rows, err := rd.ReadAll()
	if err != nil || len(rows) != 3 {
		t.Fatalf("CSV: %v %d rows", err, len(rows))
	}
	head := rows[0]
	col := func(name string) int {
		for i, h := range head {
			if h == name {
				return i
			}
		}
		t.Fatalf("CSV has no column %q: %v", name, head)
		return -1
	}
	for _, row := range rows[1:] {
		if row[col("Förnamn")] == "Áile" && (row[col("Vilken lunch?")] != "Vegetariskt" || !strings.Contains(row[col(days.Label.SV)], "Dag 2")) {
			t.Errorf("CSV row: %v", row)
		}
	}
	js := f.s.Get(t, "/api/v1/events/"+ev.ID+"/registrations")
	if !strings.Contains(string(js.Body), `"question_id":"`+lunch.ID+`"`) {
		t.Errorf("JSON lacks answers: %.400s", js.Body)
	}

	// The needs summary counts the days and meals of those on site, and the lunch choice.
	var needs registration.Needs
	nj := f.s.Get(t, "/api/v1/events/"+ev.ID+"/needs")
	if err := json.Unmarshal(nj.Body, &needs); err != nil {
		t.Fatal(err)
	}
	want := map[string]int{day1: 2, day2: 2, dinner: 1}
	if len(needs.Catering) != 1 {
		t.Fatalf("catering: %+v", needs.Catering)
	}
	for _, o := range needs.Catering[0].Options {
		if o.Count != want[o.ID] {
			t.Errorf("catering %s: %d, want %d", o.Label, o.Count, want[o.ID])
		}
	}
	if len(needs.Choices) != 1 || needs.Choices[0].Options[1].Count != 1 || needs.Choices[0].Options[0].Count != 1 {
		t.Errorf("lunch counts: %+v", needs.Choices)
	}
	np, _ := f.page("/organiser/events/"+ev.ID+"/needs", 200)
	if !strings.Contains(np, "Konferensmiddag") || !strings.Contains(np, "2 av 2 på plats har svarat.") {
		t.Errorf("needs page:\n%s", mainOf(np))
	}

	// The organiser's API edits and removes a question.
	qapi := "/api/v1/events/" + ev.ID + "/questions"
	if r := f.s.SendJSON(t, "PUT", qapi+"/"+lunch.ID, map[string]any{"kind": "choice", "label_sv": "Vilken lunch vill du ha?",
		"required": true, "options": []string{"Kött | Meat", "Vegetariskt | Vegetarian", "Fisk | Fish"}}); r.Status != 200 {
		t.Fatalf("PUT question: %d %s", r.Status, r.Body)
	}
	got, _ = f.s.Deps.Events.Event(ctx, ev.ID)
	if got.Questions[0].Options[1].ID != veg || len(got.Questions[0].Options) != 3 {
		t.Errorf("an option that keeps its text keeps its id: %+v", got.Questions[0].Options)
	}
	if r := f.s.SendJSON(t, "POST", qapi, map[string]any{"kind": "yesno", "label_sv": "Vill du ha intyg?"}); r.Status != 201 {
		t.Fatalf("POST question: %d %s", r.Status, r.Body)
	}
	if r := f.s.SendJSON(t, "POST", qapi, map[string]any{"kind": "dance", "label_sv": "?"}); r.Status != 422 {
		t.Errorf("unknown kind: %d", r.Status)
	}
	if r := f.s.SendJSON(t, "DELETE", qapi+"/"+panel.ID, map[string]any{}); r.Status != 204 {
		t.Errorf("DELETE question: %d", r.Status)
	}
	got, _ = f.s.Deps.Events.Event(ctx, ev.ID)
	if len(got.Questions) != 3 || got.Questions[3-1].Kind != events.QuestionYesNo {
		t.Errorf("after edit, add and delete: %+v", got.Questions)
	}
	// An event edit leaves the questions alone.
	if _, err := f.s.Deps.Events.UpdateEvent(ctx, ev.ID, events.EventInput{DetailsInput: events.DetailsInput{Type: "conference", TitleSV: "Folkhälsodagarna 2026",
		VenueName: "Väven", VenueCity: "Umeå", Mode: "on_site", CapacityOnSite: 50}, Start: "2026-10-14T09:00", End: "2026-10-15T16:00"}); err != nil {
		t.Fatal(err)
	}
	if got, _ = f.s.Deps.Events.Event(ctx, ev.ID); len(got.Questions) != 3 {
		t.Errorf("an event edit dropped the questions: %+v", got.Questions)
	}
}

// The organiser edits a registration: details, a move to another workshop (a full one
// puts the person on its waiting list), the category; the person's own choices stay.
func TestOrganiserEditsARegistration(t *testing.T) {
	f := newPartFixture(t)
	ctx := storetest.Ctx(t)
	other, err := f.s.Deps.Events.AddSession(ctx, f.ev.ID, events.SessionInput{TitleSV: "Levnadsvanor", Start: "2026-10-14T10:00",
		End: "2026-10-14T11:00", Room: "Sal B", Kind: "workshop", SeatLimit: 5})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.s.Deps.Events.AddQuestion(ctx, f.ev.ID, events.QuestionInput{Kind: "yesno", LabelSV: "Vill du ha intyg?", Required: true}); err != nil {
		t.Fatal(err)
	}
	asa := f.stored("Åsa") // on site, holds the workshop's one seat; Erik waits for it
	path := f.path("/participants/" + asa.ID)
	page, doc := f.page(path+"/edit", 200)
	if byID(doc, "gender-1") != nil || byID(doc, "list_consent-1") != nil || byID(doc, "email") != nil {
		t.Error("the organiser's form must not offer the person's own choices")
	}
	if !strings.Contains(page, "Vill du ha intyg?") || !strings.Contains(page, `name="category"`) {
		t.Errorf("edit form:\n%s", mainOf(page))
	}
	// A move to the other workshop, a new role, the category speaker; the required
	// question may stay unanswered by the organiser.
	loc := f.post(path, url.Values{"first_name": {"Åsa"}, "last_name": {"Öberg-Sara"}, "organisation": {"Umeå kommun"},
		"org_type": {"kommun"}, "municipality": {"Umeå"}, "role": {"Moderator"}, "workshop_1": {other.ID},
		"diet": {"Vegetarisk"}, "category": {"speaker"}}, 303)
	if !strings.Contains(loc, "notice=saved") {
		t.Errorf("redirect %q", loc)
	}
	got := f.stored("Åsa")
	if got.LastName != "Öberg-Sara" || got.Role != "Moderator" || got.Category != registration.CategorySpeaker ||
		got.Gender != asa.Gender || got.ListConsent != asa.ListConsent || got.Email != asa.Email {
		t.Errorf("stored after the edit: %+v", got)
	}
	if len(got.Workshops) != 1 || got.Workshops[0].SessionID != other.ID || got.Workshops[0].Status != registration.StatusConfirmed {
		t.Errorf("workshops after the move: %+v", got.Workshops)
	}
	if erik := f.stored("Erik"); erik.Workshops[0].Status != registration.StatusConfirmed {
		t.Errorf("the seat Åsa left goes to Erik: %+v", erik.Workshops)
	}
	// Bad input: a clear message, nothing stored.
	bad := f.post(path, url.Values{"first_name": {""}, "last_name": {"Öberg"}, "organisation": {"Umeå kommun"}, "category": {"speaker"}}, 422)
	if msg := fieldError(t, bad, "first_name"); msg == "" {
		t.Error("an empty first name must be refused")
	}
	if again := f.stored("Åsa"); again.FirstName != "Åsa" || again.Role != "Moderator" {
		t.Errorf("a refused edit changed the registration: %+v", again)
	}
	// JSON: PUT /api/v1/events/:id/registrations/:rid.
	r := f.s.SendJSON(t, "PUT", "/api/v1/events/"+f.ev.ID+"/registrations/"+asa.ID, map[string]any{
		"first_name": "Åsa", "last_name": "Öberg", "organisation": "Umeå kommun", "org_type": "kommun", "municipality": "Umeå",
		"category": "staff", "workshops": []string{}})
	if r.Status != 200 || !strings.Contains(string(r.Body), `"category":"staff"`) {
		t.Fatalf("PUT registration: %d %s", r.Status, r.Body)
	}
	if got := f.stored("Åsa"); len(got.Workshops) != 0 || got.LastName != "Öberg" {
		t.Errorf("after the JSON edit: %+v", got)
	}
	if r := f.s.SendJSON(t, "PUT", "/api/v1/events/"+f.ev.ID+"/registrations/"+asa.ID, map[string]any{
		"first_name": "Åsa", "last_name": "Öberg", "organisation": "Umeå kommun", "category": "king"}); r.Status != 422 {
		t.Errorf("unknown category: %d", r.Status)
	}
}
