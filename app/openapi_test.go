package app_test

import (
	"testing"
	"time"

	"folkhalsa-events/events"
	"folkhalsa-events/platform/datastore/storetest"
)

// A tour of the operations the other tests do not answer with success, each answer
// checked against the OpenAPI description on its way (apptest's checkAPI); with the
// rest of the package, every operation of the description is seen working (TestMain).
func TestTheRestOfTheAPIAnswersAsDescribed(t *testing.T) {
	x := newTenancy(t)
	a, api := x.a, x.adminA
	ctx := storetest.Ctx(t)
	call := func(method, path string, body any, want int) []byte {
		t.Helper()
		r := api.SendJSON(t, method, path, body)
		if r.Status != want {
			t.Fatalf("%s %s: %d, want %d\n%s", method, path, r.Status, want, r.Body)
		}
		return r.Body
	}
	ev := "/api/v1/events/" + a.ev.ID
	call("GET", ev+"/sessions", nil, 200)
	call("GET", ev+"/sessions/"+a.session.ID, nil, 200)
	call("GET", ev+"/questions", nil, 200)
	call("PUT", ev+"/evaluation", map[string]any{"questions": []string{"relevant", "useful"}}, 200)
	call("PUT", ev, map[string]any{"type": "conference", "title_sv": "Folkhälsokonferensen i Umeå", "mode": "on_site", "venue_name": "Folkets hus",
		"venue_city": "Umeå", "capacity_on_site": 60, "start": "2026-10-14T09:00", "end": "2026-10-14T16:00"}, 200)
	before, err := x.s.Deps.Events.Event(ctx, a.ev.ID)
	if err != nil {
		t.Fatal(err)
	}
	after := before
	after.Start, after.End = before.Start.Add(time.Hour), before.End.Add(time.Hour)
	ch, _, err := x.s.Deps.Events.RecordChange(ctx, before, after)
	if err != nil {
		t.Fatal(err)
	}
	call("POST", ev+"/notify", map[string]any{"change": ch.ID}, 200)

	draft, err := x.s.Deps.Events.CreateEvent(ctx, a.org.ID, events.EventInput{DetailsInput: events.DetailsInput{Type: "seminar", TitleSV: "Utkast", Mode: "digital"},
		Start: "2026-11-03T09:00", End: "2026-11-03T12:00"})
	if err != nil {
		t.Fatal(err)
	}
	call("POST", "/api/v1/events/"+draft.ID+"/programme/copy", map[string]any{"from": a.ev.ID, "start_date": "2026-11-03"}, 200)
	call("DELETE", "/api/v1/events/"+draft.ID, nil, 204)

	sr := "/api/v1/series/" + a.series.ID
	call("GET", sr, nil, 200)
	call("PUT", sr, map[string]any{"type": "network_meeting", "title_sv": "Nätverket", "mode": "digital", "freq": "monthly", "interval": 1,
		"ordinal": 1, "weekday": 2, "start_date": "2026-10-01", "start_time": "09:00", "end_time": "11:30"}, 200)
	call("DELETE", sr, nil, 200)

	mun := "/api/v1/organisations/" + a.org.ID + "/municipalities/2480"
	contact := call("POST", mun+"/contacts", map[string]any{"name": "Sara Holm", "role": "Folkhälsostrateg", "email": "sara.holm@umea.se"}, 201)
	call("DELETE", mun+"/contacts/"+jsonID(t, contact), nil, 204)
	call("POST", mun+"/agreements", map[string]any{"kind": "samforstandsavtal", "title": "Samverkan", "signed": "2026-08-01"}, 201)
	visit := call("POST", mun+"/visits", map[string]any{"kind": "dialogue", "date": "2026-08-25", "people": []map[string]string{{"role": "Kommundirektör"}},
		"actions": []map[string]string{{"what": "Plan", "who": "Kommunen", "due": "2026-10-01"}}}, 201)
	_ = visit
	call("PUT", mun+"/visits/"+a.visit.ID, map[string]any{"kind": "dialogue", "date": "2026-08-21", "people": []map[string]string{{"role": "Kommundirektör", "name": "Eva"}}}, 200)
	call("POST", mun+"/actions/"+a.action.ID+"/done", nil, 204)
	call("POST", mun+"/actions/"+a.action.ID+"/reopen", nil, 204)
	call("POST", mun+"/step", map[string]any{"value": "2"}, 201)

	reqs := "/api/v1/organisations/" + a.org.ID + "/visit-requests"
	call("GET", reqs, nil, 200)
	req := reqs + "/" + a.request.ID
	call("POST", req+"/answers", map[string]any{"text": "Vi återkommer med förslag på datum."}, 201)
	call("POST", req+"/close", nil, 204)
	call("POST", req+"/reopen", nil, 204)
	call("POST", req+"/plan", map[string]any{"date": "2026-09-22", "start_time": "09:00", "end_time": "11:00", "venue_name": "Kommunhuset",
		"invite": []string{"kim@umea.se"}}, 201)
	r := x.s.SendJSON(t, "POST", "/api/v1/public/visit-requests", map[string]any{"organisation": a.org.ID, "kind": "visit", "municipality": "Umeå",
		"name": "Kim Lind", "email": "kim.lind@umea.se", "topics": []string{"pf:andts"}})
	if r.Status != 201 {
		t.Fatalf("public visit request: %d\n%s", r.Status, r.Body)
	}
}

func jsonID(t *testing.T, body []byte) string {
	t.Helper()
	var v struct {
		ID string `json:"id"`
	}
	if err := jsonUnmarshal(body, &v); err != nil || v.ID == "" {
		t.Fatalf("no id in %s", body)
	}
	return v.ID
}
