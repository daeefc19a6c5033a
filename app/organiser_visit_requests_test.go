package app_test

import (
	"net/url"
	"regexp"
	"strings"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"

	"folkhalsa-events/events"
	"folkhalsa-events/municipal"
	"folkhalsa-events/registration"
)

// A municipality asks for a visit through the public form; the organiser answers
// (the answer reaches the requester by mail) and turns the request into an
// invite-only dialogue visit with one click: the municipality set, the requester
// and the municipality's contact invited with personal codes, mailed through a
// real SMTP server, and a code from a mail registers its receiver. A second click
// makes no second event.
func TestVisitRequestBecomesAnInviteOnlyDialogueVisit(t *testing.T) {
	h, srv := smtpHarness(t)
	s, ctx := h.s, h.ctx
	base := "/organiser/organisations/" + h.org.ID
	umea := base + "/municipalities/2480"
	if r := s.PostForm(t, umea+"/contacts", url.Values{"name": {"Eva Ek"}, "role": {"Folkhälsostrateg"}, "email": {"eva.ek@umea.se"}}); r.Status != 303 {
		t.Fatalf("add contact: %d", r.Status)
	}

	// The public form: every field labelled; bad input is refused in words and stores nothing.
	form := h.page("/visit-request?org="+h.org.ID, 200)
	checkRegPage(t, "visit request", form)
	if !strings.Contains(form, `value="`+h.org.ID+`" selected`) {
		t.Error("?org= does not pick the organisation")
	}
	bad := h.post("/visit-request", url.Values{"organisation": {h.org.ID}, "kind": {"visit"}, "municipality": {"Stockholm"},
		"name": {"Kim Lind"}, "email": {"inte-en-adress"}}, 422)
	for id, want := range map[string]string{"municipality": "län", "email": "e-postadress", "topics-a-1": "område"} {
		if got := fieldError(t, bad.Text(), id); !strings.Contains(got, want) {
			t.Errorf("%s: %q, want it to say %q", id, got, want)
		}
	}
	h.post("/visit-request", url.Values{"organisation": {h.org.ID}, "website": {"http://spam.example"}}, 400)
	if r := h.postJSON("/api/v1/public/visit-requests", map[string]any{"organisation": h.org.ID, "kind": "visit", "municipality": "Umeå",
		"name": "Kim Lind", "email": "kim.lind@umea.se", "topics": []string{"pf:nonsense"}}, 422, "Accept-Language", "en"); !strings.Contains(r.Text(), "does not exist") {
		t.Errorf("an unknown topic, in English too: %s", r.Body)
	}
	if n, _ := s.DB.Collection(municipal.RequestsCollection).CountDocuments(ctx, bson.D{}); n != 0 {
		t.Fatalf("refused requests were stored: %d", n)
	}
	sent := h.post("/visit-request", url.Values{"organisation": {h.org.ID}, "kind": {"visit"}, "municipality": {"Umeå"},
		"name": {"Kim Lind"}, "role": {"Kommundirektör"}, "email": {"Kim.Lind@umea.se"},
		"topics": {"pf:andts", "pa:God psykisk hälsa", "ta:1"}, "period": {"februari 2027"}, "message": {"Vi vill tala om\u0007 ANDTS-strategin."}}, 200)
	if !strings.Contains(sent.Text(), "förfrågan är skickad") {
		t.Fatalf("sent page:\n%s", mainOf(sent.Text()))
	}
	var req municipal.Request
	if err := s.DB.Collection(municipal.RequestsCollection).FindOne(ctx, bson.D{}).Decode(&req); err != nil {
		t.Fatal(err)
	}
	if req.Code != "2480" || req.Email != "kim.lind@umea.se" || len(req.Topics) != 3 || strings.ContainsRune(req.Message, '\a') {
		t.Errorf("stored request: %+v", req)
	}

	// The inbox and the request; the answer is mailed.
	inbox := s.Get(t, base+"/visit-requests", "Accept", "text/html")
	checkPage(t, "visit requests", inbox.Text())
	if keys := rowKeys(parse(t, inbox.Text()), "requests"); len(keys) != 1 || keys[0] != req.ID {
		t.Fatalf("inbox: %v", keys)
	}
	page := s.Get(t, base+"/visit-requests/"+req.ID, "Accept", "text/html")
	checkPage(t, "visit request", page.Text())
	if r := s.PostForm(t, base+"/visit-requests/"+req.ID+"/answers", url.Values{"text": {""}}); r.Status != 422 {
		t.Errorf("an empty answer: %d", r.Status)
	}
	if r := s.PostForm(t, base+"/visit-requests/"+req.ID+"/answers", url.Values{"text": {"Hej Kim!\n\nVi kommer gärna i februari."}}); r.Status != 303 {
		t.Fatalf("answer: %d %s", r.Status, mainOf(r.Text()))
	}
	var one struct {
		Request struct {
			Status  string
			Answers []struct{ Text string }
		}
	}
	s.Get(t, "/api/v1/organisations/"+h.org.ID+"/visit-requests/"+req.ID).JSON(t, &one)
	if one.Request.Status != "answered" || len(one.Request.Answers) != 1 {
		t.Errorf("after the answer: %+v", one)
	}

	// One click: the dialogue visit, published invite-only, both people invited.
	plan := url.Values{"date": {"2027-02-03"}, "start_time": {"09:00"}, "end_time": {"11:00"}, "venue_name": {"Stadshuset"},
		"invite": {"kim.lind@umea.se", "eva.ek@umea.se"}}
	if r := s.PostForm(t, base+"/visit-requests/"+req.ID+"/plan", with(plan, "end_time", "08:00")); r.Status != 422 {
		t.Errorf("ending before it starts: %d", r.Status)
	}
	made := s.PostForm(t, base+"/visit-requests/"+req.ID+"/plan", plan)
	if made.Status != 303 || !strings.HasPrefix(made.Header.Get("Location"), "/organiser/events/") {
		t.Fatalf("plan: %d %s", made.Status, mainOf(made.Text()))
	}
	evID := strings.TrimPrefix(strings.Split(made.Header.Get("Location"), "?")[0], "/organiser/events/")
	ev, err := s.Deps.Events.Event(ctx, evID)
	if err != nil {
		t.Fatal(err)
	}
	if ev.Type != events.TypeDialogueVisit || ev.Visibility != events.VisibilityInviteOnly || ev.Status != events.StatusPublished ||
		ev.Municipality != "Umeå" || len(ev.TargetAreas) != 1 || ev.TargetAreas[0] != 1 {
		t.Errorf("the dialogue visit: %+v", ev)
	}
	again := s.PostForm(t, base+"/visit-requests/"+req.ID+"/plan", plan)
	if again.Status != 303 || again.Header.Get("Location") != "/organiser/events/"+evID {
		t.Errorf("a second click: %d %s", again.Status, again.Header.Get("Location"))
	}
	if n, _ := s.DB.Collection("events").CountDocuments(ctx, bson.D{{Key: "type", Value: "dialogue_visit"}}); n != 1 {
		t.Errorf("%d dialogue visits, want 1", n)
	}
	invs, err := s.Deps.Registrations.Invitations(ctx, evID)
	if err != nil || len(invs) != 2 || invs[0].MaxUses != 1 {
		t.Fatalf("invitations: %+v %v", invs, err)
	}

	mails := h.deliver(srv, 4) // receipt, answer, two invitations
	byTo := map[string]string{}
	for _, m := range mails {
		byTo[strings.Trim(m.To, "<>")+" "+m.Subject] = m.Text
	}
	if text := byTo["kim.lind@umea.se Svar på er förfrågan: ett kommunbesök i Umeå"]; !strings.Contains(text, "Vi kommer gärna i februari.") {
		t.Errorf("the answer mail: %v", keysOf(byTo))
	}
	if _, ok := byTo["kim.lind@umea.se Vi har tagit emot er förfrågan: ett kommunbesök i Umeå"]; !ok {
		t.Errorf("no receipt: %v", keysOf(byTo))
	}
	invitation := byTo["eva.ek@umea.se Inbjudan: Kommundialog med Umeå"]
	code := regexp.MustCompile(`code=([A-Z0-9]{8})`).FindStringSubmatch(invitation)
	if len(code) != 2 || !strings.Contains(invitation, "Hej Eva!") {
		t.Fatalf("Eva's invitation:\n%s\n(mails: %v)", invitation, keysOf(byTo))
	}
	if _, err := s.Deps.Registrations.Register(ctx, evID, registration.Input{FirstName: "Eva", LastName: "Ek", Email: "eva.ek@umea.se",
		Organisation: "Umeå kommun", OrgType: "kommun", Municipality: "Umeå", PrivacyOK: true, Invitation: code[1]}, "sv"); err != nil {
		t.Fatalf("registering with the mailed code: %v", err)
	}
	if _, err := s.Deps.Registrations.Register(ctx, evID, registration.Input{FirstName: "Per", LastName: "Ek", Email: "per@umea.se",
		Organisation: "Umeå kommun", OrgType: "kommun", Municipality: "Umeå", PrivacyOK: true}, "sv"); err == nil {
		t.Error("registered without an invitation")
	}

	// The requester is now a contact of Umeå, and the request shows as planned there.
	var mun struct {
		Municipality struct {
			Contacts []struct{ Email string }           `json:"contacts"`
			Requests []struct{ Status, EventID string } `json:"requests"`
		} `json:"municipality"`
	}
	s.Get(t, "/api/v1/organisations/"+h.org.ID+"/municipalities/2480").JSON(t, &mun)
	if len(mun.Municipality.Contacts) != 2 || len(mun.Municipality.Requests) != 1 || mun.Municipality.Requests[0].Status != "planned" {
		t.Errorf("Umeå after planning: %+v", mun)
	}
	evPage := s.Get(t, "/organiser/events/"+evID, "Accept", "text/html").Text()
	if !strings.Contains(evPage, "/municipalities/2480/visits/new?event="+evID) {
		t.Error("the dialogue visit's page does not offer to record the visit")
	}
	munPage := s.Get(t, umea, "Accept", "text/html").Text()
	checkPage(t, "municipality", munPage)
	if !strings.Contains(munPage, "visits/new?event="+evID) {
		t.Error("the planned dialogue visit is not offered for recording on the municipality page")
	}

	// A visit called off invites nobody more.
	if _, err := s.Deps.Events.SetStatus(ctx, evID, events.StatusCancelled); err != nil {
		t.Fatal(err)
	}
	if r := s.PostForm(t, base+"/visit-requests/"+req.ID+"/plan", plan); r.Status != 409 {
		t.Errorf("planning again after the visit was called off: %d", r.Status)
	}
}

func keysOf(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
