package app_test

import (
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"folkhalsa-events/badges"
	"folkhalsa-events/events"
	"folkhalsa-events/registration"
)

// messageWorld: a hybrid conference with a workshop and five registrations —
// a (on site, in the workshop), b (on site), c (on site, waiting), d (online, in
// English), e (online, cancelled).
type messageWorld struct {
	h        *regHarness
	ev       events.Event
	ws       events.Session
	regs     map[string]string // letter → registration id
	basePath string
}

func newMessageWorld(t *testing.T, h *regHarness) messageWorld {
	t.Helper()
	ev := h.event(func(in *events.EventInput) {
		in.Mode, in.CapacityOnSite, in.CapacityDigital, in.OnlineURL = "hybrid", 2, 10, "https://meet.example.se/fhk"
	})
	ws := h.workshop(ev, "Barns uppväxtvillkor", "2026-10-14T13:00", "2026-10-14T14:00", "Sal A", 10)
	w := messageWorld{h: h, ev: ev, ws: ws, regs: map[string]string{}, basePath: "/organiser/events/" + ev.ID + "/messages"}
	reg := func(letter string, form url.Values, path string) {
		h.post(path, form, 303)
		id, err := h.s.Deps.Registrations.List(h.ctx, ev.ID, registration.ListFilter{})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range id {
			if r.Email == form.Get("email") {
				w.regs[letter] = r.ID
			}
		}
	}
	path := "/events/" + ev.ID + "/register"
	reg("a", with(regPerson("a@umea.se", "first_name", "Áile", "mode", "on_site"), "workshops", ws.ID), path)
	reg("b", regPerson("b@umea.se", "first_name", "Bo", "mode", "on_site"), path)
	reg("c", regPerson("c@umea.se", "first_name", "Cecilia", "mode", "on_site", "waitlist_ok", "true"), path)
	reg("d", regPerson("d@umea.se", "first_name", "Dana", "mode", "digital"), path+"?lang=en")
	reg("e", regPerson("e@umea.se", "first_name", "Erik", "mode", "digital"), path)
	if _, err := h.s.Deps.Registrations.CancelByOrganiser(h.ctx, w.regs["e"]); err != nil {
		t.Fatal(err)
	}
	return w
}

func (w messageWorld) messages() int64 {
	n, err := w.h.s.DB.Collection(registration.MessagesCollection).CountDocuments(w.h.ctx, bson.D{})
	if err != nil {
		w.h.t.Fatal(err)
	}
	return n
}

// An organiser writes to the participants who take part online: a mistyped
// placeholder and an online link for everyone are refused with the reason; the
// preview shows one person's mail and the count; sending (twice, as a double click
// would) records one message and mails exactly that person, in English, with the
// link filled in; the record says to whom and how it went.
func TestMessagesToChosenParticipants(t *testing.T) {
	h, srv := smtpHarness(t)
	w := newMessageWorld(t, h)
	sent := len(h.deliver(srv, 6)) // five registrations and e's cancellation
	list := h.page(w.basePath, 200)
	if !strings.Contains(list, "Inga meddelanden har skickats ännu.") {
		t.Errorf("the empty list:\n%s", mainOf(list))
	}
	form := h.page(w.basePath+"/new", 200)
	draft := inputValue(t, form, "draft")
	if len(draft) < 8 {
		t.Fatalf("the form has no draft id: %q", draft)
	}
	msg := url.Values{"draft": {draft}, "subject_sv": {"Länken till {evenemang}"}, "body_sv": {"Hej {förnamn}!\n\nHär är länken: {onlinelänk}\n\nDin anmälan: {hanteringslänk}"},
		"subject_en": {"The link to {event}"}, "body_en": {"Hello {first_name}!\n\nHere is the link: {online_link}\n\nYour registration: {manage_link}"},
		"status": {"confirmed", "waiting", "cancelled"}, "action": {"preview"}}

	// Refused, with the reason, and nothing stored.
	bad := with(msg, "body_sv", "Hej {namn}!")
	if got := fieldError(t, h.post(w.basePath+"/new", bad, 422).Text(), "body_sv"); !strings.Contains(got, "{namn} finns inte") {
		t.Errorf("an unknown placeholder: %q", got)
	}
	if got := fieldError(t, h.post(w.basePath+"/new", msg, 422).Text(), "mode-1"); !strings.Contains(got, "deltar digitalt") {
		t.Errorf("the online link to everyone: %q", got)
	}
	if n := w.messages(); n != 0 {
		t.Fatalf("%d messages stored after refused input", n)
	}

	// The preview: one person (d; e is cancelled but was chosen too), their mail.
	msg.Set("mode", "digital")
	page := h.post(w.basePath+"/new", msg, 200).Text()
	for _, want := range []string{"Meddelandet går till 2 personer.", "Skicka till 2 personer", "https://meet.example.se/fhk"} {
		if !strings.Contains(page, want) {
			t.Errorf("the preview lacks %q:\n%s", want, mainOf(page))
		}
	}
	msg["status"] = []string{"confirmed", "waiting"}
	page = h.post(w.basePath+"/new", msg, 200).Text()
	if !strings.Contains(page, "Meddelandet går till 1 person.") || !strings.Contains(page, "The link to Public Health Conference in Umeå") ||
		!strings.Contains(page, "Hello Dana!") || !strings.Contains(page, "Here is the link: https://meet.example.se/fhk") {
		t.Errorf("the preview for d:\n%s", mainOf(page))
	}
	if n := w.messages(); n != 0 {
		t.Fatalf("a preview stored %d messages", n)
	}

	// Sent twice (a double click): one record, one mail.
	msg.Set("action", "send")
	var loc string
	for range 2 {
		r := h.post(w.basePath+"/new", msg, 303)
		if loc != "" && r.Header.Get("Location") != loc {
			t.Errorf("the second send goes to %q, the first to %q", r.Header.Get("Location"), loc)
		}
		loc = r.Header.Get("Location")
	}
	if !strings.HasPrefix(loc, w.basePath+"/"+draft+"?") {
		t.Fatalf("after sending: %q", loc)
	}
	h.s.Deps.Registrations.WaitBackground(h.ctx)
	if n := w.messages(); n != 1 {
		t.Errorf("%d messages recorded, want 1", n)
	}
	mails := h.deliver(srv, sent+1)[sent:]
	var got []string
	for _, m := range mails {
		got = append(got, m.To)
		if m.Subject != "The link to Public Health Conference in Umeå" || !strings.Contains(m.Text, "Hello Dana!") ||
			!strings.Contains(m.Text, "Here is the link: https://meet.example.se/fhk") || !strings.Contains(m.HTML, "Hello Dana!") {
			t.Errorf("the message to %s: %q\n%s", m.To, m.Subject, m.Text)
		}
		link := regManageLink.FindStringSubmatch(m.Text)
		if link == nil {
			t.Errorf("no manage link in the message:\n%s", m.Text)
		} else if r := h.s.Get(t, link[1], "Accept", "text/html"); r.Status != 200 {
			t.Errorf("the message's manage link: %d", r.Status)
		}
	}
	if len(got) != 1 || strings.Trim(got[0], "<>") != "d@umea.se" {
		t.Errorf("the message went to %v, want d only", got)
	}

	// The record: when, by whom, to whom, and how it went.
	record := h.page(loc, 200)
	for _, want := range []string{"Länken till {evenemang}", "Meddelandet är skickat.", "Dana Lindqvist", "d@umea.se", "Skickat", "digitalt"} {
		if !strings.Contains(record, want) {
			t.Errorf("the record lacks %q:\n%s", want, mainOf(record))
		}
	}
	if strings.Contains(record, "a@umea.se") {
		t.Error("the record names someone the message did not go to")
	}
	if list := h.page(w.basePath, 200); !strings.Contains(list, "Länken till {evenemang}") {
		t.Errorf("the list of messages:\n%s", mainOf(list))
	}
}

// Through the API: a dry run counts and shows the mail; filters by workshop,
// category and (once someone is checked in) attendance choose exactly the right
// people; sending answers 202 at once and the record lists each delivery; bad
// filters get 422 in both languages.
func TestMessagesThroughTheAPI(t *testing.T) {
	h, srv := smtpHarness(t)
	w := newMessageWorld(t, h)
	api := "/api/v1/events/" + w.ev.ID + "/messages"
	count := func(filter map[string]any) int {
		t.Helper()
		r := h.s.SendJSON(t, "POST", api, map[string]any{"subject": map[string]string{"sv": "Hej"}, "body": map[string]string{"sv": "Hej {förnamn}"},
			"filter": filter, "dry_run": true})
		var out struct {
			Recipients int `json:"recipients"`
			Preview    struct{ To, Subject, Text string }
		}
		r.JSON(t, &out)
		if r.Status != 200 {
			t.Fatalf("dry run %v: %d %s", filter, r.Status, r.Body)
		}
		if out.Recipients > 0 && (!strings.HasPrefix(out.Preview.Text, "Hej ") || out.Preview.Subject != "Hej") {
			t.Errorf("dry run preview: %+v", out.Preview)
		}
		return out.Recipients
	}
	cases := []struct {
		filter map[string]any
		want   int
	}{
		{map[string]any{}, 4}, // confirmed and waiting: a, b, c, d
		{map[string]any{"status": []string{"cancelled"}}, 1},
		{map[string]any{"workshop": w.ws.ID}, 1},
		{map[string]any{"mode": []string{"on_site"}}, 3},
		{map[string]any{"category": []string{"speaker"}}, 0},
	}
	for _, tc := range cases {
		if got := count(tc.filter); got != tc.want {
			t.Errorf("recipients for %v: %d, want %d", tc.filter, got, tc.want)
		}
	}
	// b is checked in at the door.
	link, _, err := h.s.Deps.Badges.CreateLink(h.ctx, w.ev.ID, badges.LinkInput{Station: "Entrén", ValidFrom: regNow.Add(-time.Hour), ValidUntil: regNow.Add(24 * time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.s.Deps.Badges.ManualCheckIn(h.ctx, link, w.regs["b"], ""); err != nil {
		t.Fatal(err)
	}
	if got := count(map[string]any{"attended": "yes"}); got != 1 {
		t.Errorf("attended: %d, want 1 (b)", got)
	}
	if got := count(map[string]any{"attended": "no", "status": []string{"confirmed"}}); got != 2 {
		t.Errorf("confirmed and not attended: %d, want 2 (a, d)", got)
	}

	// Refused in both languages, nothing stored.
	for _, body := range []map[string]any{
		{"subject": map[string]string{"sv": "Hej"}, "body": map[string]string{"sv": "Hej"}, "filter": map[string]any{"status": []string{"maybe"}}},
		{"subject": map[string]string{"sv": "Hej"}, "body": map[string]string{"sv": ""}},
		{"subject": map[string]string{"sv": "Hej"}, "body": map[string]string{"sv": "Hej"}, "filter": map[string]any{"workshop": "nope"}},
	} {
		sv, en := h.s.SendJSON(t, "POST", api, body), h.s.SendJSON(t, "POST", api, body, "Accept-Language", "en")
		if sv.Status != 422 || en.Status != 422 || !strings.Contains(string(sv.Body), "Kontrollera") || !strings.Contains(string(en.Body), "check the marked") {
			t.Errorf("bad input %v: %d %s / %d %s", body, sv.Status, sv.Body, en.Status, en.Body)
		}
	}
	if n := w.messages(); n != 0 {
		t.Fatalf("%d messages stored after refused input", n)
	}

	// Sent to the waiting list: 202 at once, then the record.
	before := len(h.deliver(srv, 6))
	r := h.s.SendJSON(t, "POST", api, map[string]any{"subject": map[string]string{"sv": "Väntelistan"}, "body": map[string]string{"sv": "Hej {förnamn}, du står kvar på väntelistan."},
		"filter": map[string]any{"status": []string{"waiting"}}})
	var sent struct {
		Message registration.Message `json:"message"`
		Status  string               `json:"status"`
	}
	r.JSON(t, &sent)
	if r.Status != 202 || sent.Status != "queued" || sent.Message.ID == "" || !strings.HasSuffix(r.Header.Get("Location"), "/messages/"+sent.Message.ID) {
		t.Fatalf("send: %d %s", r.Status, r.Body)
	}
	h.s.Deps.Registrations.WaitBackground(h.ctx)
	mails := h.deliver(srv, before+1)[before:]
	if len(mails) != 1 || strings.Trim(mails[0].To, "<>") != "c@umea.se" || !strings.Contains(mails[0].Text, "Hej Cecilia, du står kvar på väntelistan.") {
		t.Errorf("the waiting-list message: %+v", mails)
	}
	var rec struct {
		Message    registration.Message `json:"message"`
		Deliveries []struct {
			Registration string `json:"registration_id"`
			State        string `json:"state"`
		} `json:"deliveries"`
		Queued bool `json:"queued"`
	}
	r = h.s.Get(t, api+"/"+sent.Message.ID)
	r.JSON(t, &rec)
	if r.Status != 200 || !rec.Queued || len(rec.Deliveries) != 1 || rec.Deliveries[0].Registration != w.regs["c"] || rec.Deliveries[0].State != "sent" {
		t.Errorf("the record: %d %s", r.Status, r.Body)
	}
	r = h.s.Get(t, api)
	if r.Status != 200 || !regexp.MustCompile(`"messages":\[\{"id":"`+sent.Message.ID).Match(r.Body) {
		t.Errorf("the list: %d %s", r.Status, r.Body)
	}
}

// Deliveries of one message running at once (the request's and two job passes)
// send each person one mail; a delivery the instance never finished is resumed.
func TestMessageDeliveriesAtOnceSendOnce(t *testing.T) {
	h, srv := smtpHarness(t)
	w := newMessageWorld(t, h)
	before := len(h.deliver(srv, 6))
	regs := h.s.Deps.Registrations
	msg, err := regs.SendMessage(h.ctx, w.ev, registration.MessageDraft{Subject: events.Text{SV: "Program"}, Body: events.Text{SV: "Programmet är klart."}}, "test")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 2)
	for range 2 {
		go func() { _, err := regs.DeliverMessage(h.ctx, msg.ID); done <- err }()
	}
	for range 2 {
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	}
	regs.WaitBackground(h.ctx)
	if n, err := regs.ResumeMessages(h.ctx, time.Now().Add(time.Hour)); err != nil || n != 0 {
		t.Errorf("resume after the delivery: %d %v, want nothing left", n, err)
	}
	mails := h.deliver(srv, before+4)[before:] // a, b, c, d
	to := map[string]int{}
	for _, m := range mails {
		if m.Subject == "Program" {
			to[strings.Trim(m.To, "<>")]++
		}
	}
	if len(to) != 4 || to["a@umea.se"] != 1 || to["b@umea.se"] != 1 || to["c@umea.se"] != 1 || to["d@umea.se"] != 1 {
		t.Errorf("the message went to %v, want a, b, c and d once each", to)
	}
	time.Sleep(200 * time.Millisecond)
	if extra := len(srv.Messages()) - before - 4; extra != 0 {
		t.Errorf("%d mails more than one each", extra)
	}
}
