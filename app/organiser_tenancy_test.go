package app_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
	"golang.org/x/net/html"

	"folkhalsa-events/accounts"
	"folkhalsa-events/app/apptest"
	"folkhalsa-events/badges"
	"folkhalsa-events/events"
	"folkhalsa-events/municipal"
	"folkhalsa-events/platform/datastore/storetest"
	"folkhalsa-events/registration"
	"folkhalsa-events/webhooks"
)

// Roles, tenancy, API tokens, members and the audit log. Two organisations, A and B,
// each with an event, an agenda session, a series, a registration, an invitation code,
// a scanner link, members and an API token; accounts of each role in A; an admin of B.

var tenancyClock = time.Date(2026, 9, 1, 12, 0, 0, 0, events.Stockholm)

type orgData struct {
	org      events.Organisation
	ev       events.Event
	session  events.Session
	series   events.Series
	reg      registration.Registration
	link     badges.Link
	token    accounts.APIToken
	secret   string // the API token (role admin)
	memberID string // an account that is a member (viewer)
	message  registration.Message
	question events.Question
	request  municipal.Request // a visit request from Umeå
	action   municipal.Action  // an agreed action with Umeå
	visit    municipal.Visit   // a visit to Umeå
	webhook  webhooks.Endpoint // a webhook of the organisation
}

type tenancy struct {
	t                          *testing.T
	s                          *apptest.Server
	a, b                       orgData
	adminA, organiserA, viewer *apptest.Client
	adminB                     *apptest.Client
}

func newTenancy(t *testing.T) *tenancy {
	t.Helper()
	s := apptest.New(t, apptest.WithClock(tenancyClock))
	s.Deps.Registrations.SetClock(func() time.Time { return tenancyClock })
	x := &tenancy{t: t, s: s}
	x.a = x.orgWithData("Region Västerbotten", "24", "Folkhälsokonferensen i Umeå", "kim@umea.se")
	x.b = x.orgWithData("Region Norrbotten", "25", "Folkhälsodagen i Luleå", "lo@lulea.se")
	x.adminA = s.SessionFor(t, s.CreateAccount(t, "admin@vasterbotten.se", "", apptest.Member(x.a.org.ID, accounts.RoleAdmin)))
	x.organiserA = s.SessionFor(t, s.CreateAccount(t, "organiser@vasterbotten.se", "", apptest.Member(x.a.org.ID, accounts.RoleOrganiser)))
	viewer, err := s.Deps.Accounts.Account(storetest.Ctx(t), x.a.memberID)
	if err != nil {
		t.Fatal(err)
	}
	x.viewer = s.SessionFor(t, viewer)
	x.adminB = s.SessionFor(t, s.CreateAccount(t, "admin@norrbotten.se", "", apptest.Member(x.b.org.ID, accounts.RoleAdmin)))
	return x
}

func (x *tenancy) orgWithData(name, county, title, person string) orgData {
	t, s := x.t, x.s
	t.Helper()
	ctx := storetest.Ctx(t)
	var d orgData
	var err error
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	d.org, err = s.Deps.Events.CreateOrganisation(ctx, events.OrganisationInput{Name: name, Kind: "region", County: county})
	must(err)
	if m, ok := events.LookupMunicipality("2480"); ok && m.County == d.org.County {
		d.request, err = s.Deps.Municipal.SubmitRequest(ctx, d.org, municipal.RequestInput{Kind: "visit", Municipality: "Umeå", Name: "Kim Lind",
			Email: person, Topics: []string{"pf:andts"}}, "sv")
		must(err)
		d.visit, _, err = s.Deps.Municipal.RecordVisit(ctx, d.org.ID, "2480", municipal.VisitInput{Kind: "dialogue", Date: "2026-08-20",
			People: []municipal.Person{{Role: "Kommundirektör"}}}, "admin@example.se")
		must(err)
		d.action, err = s.Deps.Municipal.AddAction(ctx, d.org.ID, "2480", "", municipal.ActionInput{What: "Lägesbild", Who: "Kommunen", Due: "2026-10-01"}, "admin@example.se")
		must(err)
	}
	d.ev, err = s.Deps.Events.CreateEvent(ctx, d.org.ID, events.EventInput{
		DetailsInput: events.DetailsInput{Type: "conference", TitleSV: title, Mode: "on_site", VenueName: "Folkets hus", VenueCity: "Umeå", CapacityOnSite: 50},
		Start:        "2026-10-14T09:00", End: "2026-10-14T16:00"})
	must(err)
	d.ev, err = s.Deps.Events.SetStatus(ctx, d.ev.ID, events.StatusPublished)
	must(err)
	d.session, err = s.Deps.Events.AddSession(ctx, d.ev.ID, events.SessionInput{TitleSV: "Inledning", Start: "2026-10-14T09:00", End: "2026-10-14T10:00", Kind: "plenary"})
	must(err)
	d.question, err = s.Deps.Events.AddQuestion(ctx, d.ev.ID, events.QuestionInput{Kind: "choice", LabelSV: "Lunch?", Options: "Ja\nNej"})
	must(err)
	d.series, err = s.Deps.Events.CreateSeries(ctx, d.org.ID, events.SeriesInput{
		DetailsInput: events.DetailsInput{Type: "network_meeting", TitleSV: "Nätverket " + name, Mode: "digital"},
		Freq:         "monthly", Interval: 1, Ordinal: 1, Weekday: 2, StartDate: "2026-10-01", StartTime: "09:00", EndTime: "11:00"})
	must(err)
	res, err := s.Deps.Registrations.Register(ctx, d.ev.ID, registration.Input{FirstName: "Kim", LastName: "Lind", Email: person,
		Organisation: "Kommunen", OrgType: "kommun", Municipality: "Umeå", PrivacyOK: true}, "sv")
	must(err)
	d.reg = res.Registration
	d.message, err = s.Deps.Registrations.SendMessage(ctx, d.ev, registration.MessageDraft{Subject: events.Text{SV: "Hej"}, Body: events.Text{SV: "Hej {förnamn}"}}, "admin@example.se")
	must(err)
	s.Deps.Registrations.WaitBackground(ctx)
	_, err = s.Deps.Registrations.CreateInvitation(ctx, d.ev.ID, registration.InvitationInput{MaxUses: 1, Note: "Kommunledningen"})
	must(err)
	d.link, _, err = s.Deps.Badges.CreateLink(ctx, d.ev.ID, badges.LinkInput{Station: "Entré", ValidFrom: tenancyClock, ValidUntil: tenancyClock.Add(72 * time.Hour)})
	must(err)
	member := s.CreateAccount(t, "viewer."+strings.ToLower(strings.ReplaceAll(name, " ", ""))+"@example.se", "", apptest.Member(d.org.ID, accounts.RoleViewer))
	d.memberID = member.ID
	d.secret, d.token, err = s.Deps.Accounts.CreateToken(ctx, d.org.ID, "Intranätet", accounts.RoleAdmin, "admin@example.se")
	must(err)
	d.webhook, err = s.Deps.Webhooks.Add(ctx, d.org.ID, webhooks.EndpointInput{URL: "https://crm.example.se/hooks", Kinds: []string{webhooks.RegistrationCreated}}, "admin@example.se")
	must(err)
	return d
}

// fill puts A's ids into a route pattern; it fails on a parameter it does not know.
func (x *tenancy) fill(route string, d orgData) string {
	x.t.Helper()
	id := d.ev.ID
	if strings.Contains(route, "/series/:id") {
		id = d.series.ID
	}
	values := map[string]string{"id": id, "sid": d.session.ID, "rid": d.reg.ID, "org": d.org.ID, "lid": d.link.ID,
		"aid": d.memberID, "tid": d.token.ID, "mid": d.message.ID, "qid": d.question.ID,
		"code": "2480", "cid": "contact-of-a", "what": "step"}
	if strings.Contains(route, "/visit-requests/") {
		values["rid"] = d.request.ID
	}
	values["vid"] = d.visit.ID
	values["wid"] = d.webhook.ID
	if strings.Contains(route, "/actions/") {
		values["aid"] = d.action.ID
	}
	return regexp.MustCompile(`:[a-z]+`).ReplaceAllStringFunc(route, func(p string) string {
		v, ok := values[p[1:]]
		if !ok {
			x.t.Fatalf("route %s: no test value for parameter %s", route, p)
		}
		return v
	})
}

// organiserRoutes are the routes behind the organiser access middleware.
func organiserRoutes(s *apptest.Server) [][2]string {
	var out [][2]string
	for _, r := range s.App.GetRoutes(true) {
		if r.Method == http.MethodHead || r.Method == "USE" || r.Method == http.MethodOptions || r.Method == http.MethodConnect || r.Method == http.MethodTrace {
			continue
		}
		p := r.Path
		switch {
		case strings.HasPrefix(p, "/api/v1/public"), strings.HasPrefix(p, "/api/v1/scan"), p == "/api/v1/openapi.json",
			strings.HasPrefix(p, "/organiser/sign-in"), strings.HasPrefix(p, "/organiser/password/"):
			continue
		case strings.HasPrefix(p, "/organiser"), strings.HasPrefix(p, "/api/v1/"):
			out = append(out, [2]string{r.Method, p})
		}
	}
	return out
}

// destructive is what is sent to every state-changing route: values that would
// change or end things if a route let them through.
var destructive = map[string]any{
	"org": "", "status": "cancelled", "confirm": "yes", "until": "2027-06-30", "role": "viewer", "name": "Ändrad",
	"email": "intrang@example.se", "uses": "unlimited", "max_uses": 5, "note": "Intrång", "title_sv": "Ändrad titel",
	"type": "conference", "mode": "on_site", "start": "2026-10-14T09:00", "end": "2026-10-14T16:00", "category": "staff",
	"station": "Bakdörren", "valid_from": "2026-09-01T12:00", "valid_until": "2026-09-02T12:00", "registration_id": "", "code": "",
	"current": "fel", "password": "ett nytt långt lösenord", "confirm_password": "ett nytt långt lösenord",
}

func destructiveFor(orgID, regID string) (url.Values, map[string]any) {
	form, js := url.Values{}, map[string]any{}
	for k, v := range destructive {
		js[k] = v
		switch v := v.(type) {
		case string:
			form.Set(k, v)
		case int:
			form.Set(k, strconv.Itoa(v))
		}
	}
	form.Set("org", orgID)
	js["org"] = orgID
	form.Set("registration_id", regID)
	js["registration_id"] = regID
	return form, js
}

// send calls a route as c: GETs plainly, other methods with the destructive body.
func send(t *testing.T, c *apptest.Client, method, path, orgID, regID string) apptest.Response {
	t.Helper()
	form, js := destructiveFor(orgID, regID)
	switch {
	case method == http.MethodGet:
		return c.Get(t, path, "Accept", "text/html")
	case strings.HasPrefix(path, "/organiser"):
		return c.Do(t, apptest.NewRequest(method, path, strings.NewReader(with(form, "csrf", c.CSRF).Encode()),
			"Content-Type", "application/x-www-form-urlencoded", "Accept", "text/html"))
	default:
		return c.SendJSON(t, method, path, js)
	}
}

// snapshot is every document of the database except the ones requests write as a
// side effect (sessions touched, audit entries, sign-in failures).
func snapshot(t *testing.T, s *apptest.Server) map[string]string {
	t.Helper()
	ctx := storetest.Ctx(t)
	names, err := s.DB.ListCollectionNames(ctx, bson.D{})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, n := range names {
		if n == accounts.SessionsCollection || n == accounts.AuditCollection || n == accounts.FailuresCollection {
			continue
		}
		cur, err := s.DB.Collection(n).Find(ctx, bson.D{}, options.Find().SetSort(bson.D{{Key: "_id", Value: 1}}))
		if err != nil {
			t.Fatal(err)
		}
		var docs []bson.Raw
		if err := cur.All(ctx, &docs); err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		for _, d := range docs {
			b.WriteString(d.String() + "\n")
		}
		out[n] = b.String()
	}
	return out
}

// Every organiser route, called by an admin of organisation B with A's ids (and by
// B's API token on the API), answers 404 for a route about one of A's things, and
// for the few routes about no particular thing what the table says; afterwards not
// one document has changed. A route added later without an expectation fails here.
func TestCrossOrganisationAttemptsRefusedOnEveryRoute(t *testing.T) {
	x := newTenancy(t)
	s, a := x.s, x.a
	before := snapshot(t, s)

	// Routes about no particular thing: what B's admin gets, with A's organisation in
	// the query or the form where the route takes one.
	plain := map[string]struct {
		query  string
		status int
		skip   string
	}{
		"GET /organiser/":                     {status: 200},
		"GET /organiser/organisations/new":    {status: 403},
		"POST /organiser/organisations":       {status: 403},
		"GET /organiser/events/new":           {query: "?org=" + a.org.ID, status: 404},
		"POST /organiser/events":              {status: 404},
		"GET /organiser/series/new":           {query: "?org=" + a.org.ID, status: 404},
		"POST /organiser/series":              {status: 404},
		"GET /organiser/sign-out":             {status: 200},
		"POST /organiser/sign-out":            {skip: "ends the caller's own session (TestSignOutAndSignOutEverywhere)"},
		"POST /organiser/sign-out-everywhere": {skip: "ends the caller's own sessions (TestSignOutAndSignOutEverywhere)"},
		"GET /organiser/account":              {status: 200},
		"POST /organiser/account/password":    {status: 422},
		"GET /organiser/audit":                {query: "?org=" + a.org.ID, status: 404},
		"GET /organiser/outbox":               {status: 403},
		"GET /api/v1/session":                 {status: 200},
		"GET /api/v1/audit":                   {query: "?org=" + a.org.ID, status: 404},
		"GET /api/v1/organisations":           {status: 200},
		"POST /api/v1/organisations":          {status: 403},
		"GET /api/v1/events":                  {query: "?org=" + a.org.ID, status: 200},
		"GET /api/v1/series":                  {status: 200},
	}
	secretsOfA := []string{a.org.ID, a.org.Name, a.ev.ID, a.ev.Title.SV, a.series.ID, a.reg.ID, "kim@umea.se"}
	seen := map[string]bool{}
	routes := organiserRoutes(s)
	if len(routes) < 40 {
		t.Fatalf("only %d organiser routes found", len(routes))
	}
	for _, rt := range routes {
		method, route := rt[0], rt[1]
		key := method + " " + route
		callers := map[string]*apptest.Client{"B's admin": x.adminB}
		if strings.HasPrefix(route, "/api/") {
			callers["B's API token"] = nil
		}
		for who, c := range callers {
			var r apptest.Response
			path := route
			want := http.StatusNotFound
			if strings.Contains(route, "/:") {
				path = x.fill(route, a)
			} else {
				exp, ok := plain[key]
				if !ok {
					t.Errorf("%s: no cross-organisation expectation for this route; add one to the table", key)
					continue
				}
				if exp.skip != "" {
					continue
				}
				path += exp.query
				want = exp.status
			}
			seen[key] = true
			if c == nil {
				_, js := destructiveFor(a.org.ID, a.reg.ID)
				var req *http.Request
				if method == http.MethodGet {
					req = apptest.NewRequest(method, path, nil)
				} else {
					raw, _ := json.Marshal(js)
					req = apptest.NewRequest(method, path, strings.NewReader(string(raw)), "Content-Type", "application/json")
				}
				req.Header.Set("Authorization", "Bearer "+x.b.secret)
				r = s.Do(t, req)
			} else {
				r = send(t, c, method, path, a.org.ID, a.reg.ID)
			}
			if r.Status != want {
				t.Errorf("%s as %s: %d, want %d\n%.300s", key, who, r.Status, want, r.Body)
			}
			if r.Status == 200 {
				for _, secret := range secretsOfA {
					if strings.Contains(r.Text(), secret) {
						t.Errorf("%s as %s shows A's %q", key, who, secret)
					}
				}
			}
		}
	}
	for key, exp := range plain {
		if !seen[key] && exp.skip == "" {
			t.Errorf("the table names %s, which is not a route (any more)", key)
		}
	}

	// A registration of A's event through B's own event is not found either.
	r := send(t, x.adminB, "POST", "/organiser/events/"+x.b.ev.ID+"/participants/"+a.reg.ID+"/cancel", "", "")
	if r.Status != 404 {
		t.Errorf("A's registration through B's event: %d", r.Status)
	}

	after := snapshot(t, s)
	for coll, docs := range before {
		if after[coll] != docs {
			t.Errorf("collection %s changed:\nbefore %.600s\nafter  %.600s", coll, docs, after[coll])
		}
	}
	for coll := range after {
		if _, ok := before[coll]; !ok {
			t.Errorf("collection %s appeared: %.600s", coll, after[coll])
		}
	}
}

// What each role may do in its own organisation.
func TestRolesInTheirOrganisation(t *testing.T) {
	x := newTenancy(t)
	a := x.a
	ev := "/organiser/events/" + a.ev.ID
	api := "/api/v1/events/" + a.ev.ID
	type check struct {
		what   string
		call   func(c *apptest.Client) apptest.Response
		viewer int
		org    int
		admin  int
	}
	get := func(path string) func(c *apptest.Client) apptest.Response {
		return func(c *apptest.Client) apptest.Response { return c.Get(x.t, path, "Accept", "text/html") }
	}
	post := func(path string, form url.Values) func(c *apptest.Client) apptest.Response {
		return func(c *apptest.Client) apptest.Response { return c.PostForm(x.t, path, form) }
	}
	checks := []check{
		{"dashboard", get("/organiser/"), 200, 200, 200},
		{"event page", get(ev), 200, 200, 200},
		{"participant list", get(ev + "/participants"), 200, 200, 200},
		{"registrations as JSON", get(api + "/registrations"), 200, 200, 200},
		{"invitation codes", get(ev + "/invitations"), 200, 200, 200},
		{"event JSON", get(api), 200, 200, 200},
		{"participants CSV", get(ev + "/participants.csv"), 403, 200, 200},
		{"registrations CSV", get(api + "/registrations.csv"), 403, 200, 200},
		{"needs summary", get(ev + "/needs"), 403, 200, 200},
		{"needs JSON", get(api + "/needs"), 403, 200, 200},
		{"edit form", get(ev + "/edit"), 200, 200, 200},
		{"add a session", post(ev+"/sessions", url.Values{"title_sv": {"Fika"}, "start": {"2026-10-14T10:00"}, "end": {"2026-10-14T10:30"}, "kind": {"break"}}), 403, 303, 303},
		{"edit event (JSON)", func(c *apptest.Client) apptest.Response {
			return c.SendJSON(x.t, "POST", api+"/status", map[string]string{"status": "draft"})
		}, 403, 200, 200},
		{"create an event", post("/organiser/events", eventForm(a.org.ID)), 403, 303, 303},
		{"members page", get("/organiser/organisations/" + a.org.ID + "/members"), 403, 403, 200},
		{"API tokens page", get("/organiser/organisations/" + a.org.ID + "/tokens"), 403, 403, 200},
		{"audit log", get("/organiser/audit"), 403, 403, 200},
		{"audit JSON", get("/api/v1/audit?org=" + a.org.ID), 403, 403, 200},
		{"new organisation", get("/organiser/organisations/new"), 403, 403, 403},
		{"create an organisation", func(c *apptest.Client) apptest.Response {
			return c.SendJSON(x.t, "POST", "/api/v1/organisations", map[string]string{"name": "Ny", "kind": "kommun"})
		}, 403, 403, 403},
	}
	for _, ck := range checks {
		for _, who := range []struct {
			name string
			c    *apptest.Client
			want int
		}{{"viewer", x.viewer, ck.viewer}, {"organiser", x.organiserA, ck.org}, {"admin", x.adminA, ck.admin}} {
			r := ck.call(who.c)
			if r.Status != who.want {
				t.Errorf("%s as %s: %d, want %d\n%.300s", ck.what, who.name, r.Status, who.want, mainOf(r.Text()))
			}
		}
	}
	// A role refusal says why, in the person's language.
	r := x.viewer.Get(t, ev+"/participants.csv?lang=en", "Accept", "text/html")
	if !strings.Contains(r.Text(), "Your role in the organisation does not allow this") {
		t.Errorf("viewer's CSV refusal: %s", mainOf(r.Text()))
	}
	r = x.viewer.SendJSON(t, "PUT", api, map[string]string{})
	if r.Status != 403 || r.ErrorCode() != "role_forbidden" {
		t.Errorf("viewer's JSON change: %d %s", r.Status, r.Body)
	}
	// The dashboard and the organisation's page offer a viewer no "new event", an
	// admin the members.
	dash := x.viewer.Get(t, "/organiser/", "Accept", "text/html").Text() + x.viewer.Get(t, "/organiser/organisations/"+a.org.ID, "Accept", "text/html").Text()
	if strings.Contains(dash, "/organiser/events/new?org=") || strings.Contains(dash, "/members") || strings.Contains(dash, "/organiser/organisations/new") {
		t.Error("the viewer's dashboard offers what the viewer may not do")
	}
	if home := x.adminA.Get(t, "/organiser/organisations/"+a.org.ID, "Accept", "text/html").Text(); !strings.Contains(home, "/organiser/organisations/"+a.org.ID+"/members") {
		t.Error("the admin's organisation page does not link the members")
	}
}

// Admins add members (new addresses get a set-password link, as an invitation),
// change roles and remove members; they cannot change their own membership.
func TestMembersManagedByAdmins(t *testing.T) {
	x := newTenancy(t)
	s, a := x.s, x.a
	ctx := storetest.Ctx(t)
	path := "/organiser/organisations/" + a.org.ID + "/members"
	page := x.adminA.Get(t, path, "Accept", "text/html")
	checkAuthPage(t, "members", page.Text())
	if !strings.Contains(page.Text(), "organiser@vasterbotten.se") || !strings.Contains(page.Text(), "admin@vasterbotten.se") {
		t.Fatal("members page does not list the members")
	}

	// A new address: an account without a password, a membership, an invitation mail.
	r := x.adminA.PostForm(t, path, url.Values{"email": {"Ny.Person@Umea.se"}, "role": {"organiser"}})
	if r.Status != 303 || r.Header.Get("Location") != path+"?notice=member-invited" {
		t.Fatalf("add a new person: %d %q\n%s", r.Status, r.Header.Get("Location"), mainOf(r.Text()))
	}
	acct, err := s.Deps.Accounts.AccountByEmail(ctx, "ny.person@umea.se")
	if err != nil || acct.HasPassword() {
		t.Fatalf("the new account: %+v %v", acct, err)
	}
	if m, err := s.Deps.Accounts.Membership(ctx, acct.ID, a.org.ID); err != nil || m.Role != accounts.RoleOrganiser {
		t.Fatalf("the new membership: %+v %v", m, err)
	}
	var mail bson.M
	if err := s.DB.Collection("outbox").FindOne(ctx, bson.D{{Key: "kind", Value: "password_invite"}}).Decode(&mail); err != nil {
		t.Fatalf("no invitation queued: %v", err)
	}
	link := regexp.MustCompile(`/organiser/password/reset/[a-z0-9]+`).FindString(mail["text"].(string))
	if link == "" || !strings.Contains(mail["text"].(string), "Region Västerbotten") {
		t.Fatalf("invitation: %v", mail["text"])
	}
	// The invitation sets the first password, and then the new member signs in.
	if r := s.Get(t, link, "Accept", "text/html", "Cookie", "lang=sv"); r.Status != 200 || !strings.Contains(r.Text(), "Välj ett lösenord för ditt konto") {
		t.Fatalf("invitation link: %d", r.Status)
	}
	if r := s.PostForm(t, link, url.Values{"password": {testPassword}, "confirm": {testPassword}}, "Cookie", "lang=sv"); r.Status != 303 {
		t.Fatalf("first password: %d\n%s", r.Status, mainOf(r.Text()))
	}
	newbie := s.SignIn(t, "ny.person@umea.se", testPassword)
	if r := newbie.Get(t, "/organiser/events/"+a.ev.ID+"/participants.csv"); r.Status != 200 {
		t.Errorf("the new organiser's CSV: %d", r.Status)
	}

	// An existing account is added as it is, and told so; one that has not chosen a
	// password yet gets the set-password link.
	s.CreateAccount(t, "bo@umea.se", testPassword)
	if r := x.adminA.PostForm(t, path, url.Values{"email": {"bo@umea.se"}, "role": {"viewer"}}); r.Status != 303 ||
		r.Header.Get("Location") != path+"?notice=member-added" {
		t.Fatalf("add an existing account: %d %q", r.Status, r.Header.Get("Location"))
	}
	if n, _ := s.DB.Collection("outbox").CountDocuments(ctx, bson.D{{Key: "kind", Value: "member_added"}, {Key: "to", Value: "bo@umea.se"}}); n != 1 {
		t.Errorf("%d mails to the added member", n)
	}
	if r := x.adminA.PostForm(t, path, url.Values{"email": {"admin@norrbotten.se"}, "role": {"viewer"}}); r.Status != 303 ||
		r.Header.Get("Location") != path+"?notice=member-invited" {
		t.Fatalf("add an existing account without a password: %d %q", r.Status, r.Header.Get("Location"))
	}
	if r := x.adminB.Get(t, "/organiser/events/"+a.ev.ID, "Accept", "text/html"); r.Status != 200 {
		t.Errorf("B's admin, now a viewer in A, reads A's event: %d", r.Status)
	}
	if r := x.adminB.Get(t, "/organiser/events/"+a.ev.ID+"/participants.csv"); r.Status != 403 {
		t.Errorf("B's admin, a viewer in A, exports A's participants: %d", r.Status)
	}
	if r := x.adminA.PostForm(t, path, url.Values{"email": {"admin@norrbotten.se"}, "role": {"viewer"}}); r.Status != 422 ||
		!strings.Contains(fieldError(t, r.Text(), "email"), "redan medlem") {
		t.Errorf("adding a member twice: %d", r.Status)
	}
	if r := x.adminA.PostForm(t, path, url.Values{"email": {"inte en adress"}, "role": {"boss"}}); r.Status != 422 ||
		fieldError(t, r.Text(), "email") == "" || fieldError(t, r.Text(), "role-1") == "" {
		t.Errorf("bad address and role: %d", r.Status)
	}

	// Change a role, remove a member.
	bID := x.adminB.AccountID
	if r := x.adminA.PostForm(t, path+"/"+bID, url.Values{"role": {"organiser"}}); r.Status != 303 {
		t.Fatalf("change role: %d", r.Status)
	}
	if r := x.adminB.Get(t, "/organiser/events/"+a.ev.ID+"/participants.csv"); r.Status != 200 {
		t.Errorf("B's admin, now an organiser in A, exports: %d", r.Status)
	}
	if r := x.adminA.PostForm(t, path+"/"+bID+"/remove", nil); r.Status != 303 {
		t.Fatalf("remove: %d", r.Status)
	}
	if r := x.adminB.Get(t, "/organiser/events/"+a.ev.ID, "Accept", "text/html"); r.Status != 404 {
		t.Errorf("a removed member reads A's event: %d", r.Status)
	}

	// Unknown members and tokens are not found.
	if r := x.adminA.PostForm(t, path+"/nope", url.Values{"role": {"viewer"}}); r.Status != 404 {
		t.Errorf("unknown member: %d", r.Status)
	}
	if r := x.adminA.PostForm(t, "/organiser/organisations/"+a.org.ID+"/tokens/nope/revoke", nil); r.Status != 404 {
		t.Errorf("unknown token: %d", r.Status)
	}

	// Not their own membership; not as an organiser; not in another organisation.
	if r := x.adminA.PostForm(t, path+"/"+x.adminA.AccountID, url.Values{"role": {"viewer"}}); r.Status != 409 {
		t.Errorf("an admin demotes themself: %d", r.Status)
	}
	if r := x.organiserA.PostForm(t, path, url.Values{"email": {"x@umea.se"}, "role": {"admin"}}); r.Status != 403 {
		t.Errorf("an organiser adds a member: %d", r.Status)
	}
	if r := x.organiserA.PostForm(t, path+"/"+x.organiserA.AccountID, url.Values{"role": {"admin"}}); r.Status != 403 {
		t.Errorf("an organiser makes themself admin: %d", r.Status)
	}
	if m, _ := s.Deps.Accounts.Membership(ctx, x.organiserA.AccountID, a.org.ID); m.Role != accounts.RoleOrganiser {
		t.Errorf("the organiser's role became %s", m.Role)
	}
}

// API tokens: made by an admin on a page (shown once), scoped to one organisation and
// a role, needing no CSRF token, revocable.
func TestAPITokens(t *testing.T) {
	x := newTenancy(t)
	s, a := x.s, x.a
	path := "/organiser/organisations/" + a.org.ID + "/tokens"
	page := x.adminA.Get(t, path, "Accept", "text/html")
	checkAuthPage(t, "tokens", page.Text())
	mint := func(name, role string) string {
		t.Helper()
		r := x.adminA.PostForm(t, path, url.Values{"name": {name}, "role": {role}})
		if r.Status != 201 || r.Header.Get("Cache-Control") != "no-store" {
			t.Fatalf("make a token: %d", r.Status)
		}
		checkAuthPage(t, "token made", r.Text())
		secret := attr(byID(parse(t, r.Text()), "new-token"), "value")
		if !strings.HasPrefix(secret, accounts.TokenPrefix) {
			t.Fatalf("no token shown: %q", secret)
		}
		return secret
	}
	viewerToken, organiserToken := mint("Statistik", "viewer"), mint("Intranätet", "organiser")
	if r := x.adminA.PostForm(t, path, url.Values{"name": {""}, "role": {"viewer"}}); r.Status != 422 {
		t.Errorf("a token without a name: %d", r.Status)
	}
	if strings.Contains(x.adminA.Get(t, path, "Accept", "text/html").Text(), viewerToken) {
		t.Error("the tokens page shows a secret again")
	}
	bearer := func(tok, method, path string, body any) apptest.Response {
		t.Helper()
		var rd *strings.Reader
		if body != nil {
			raw, _ := json.Marshal(body)
			rd = strings.NewReader(string(raw))
		} else {
			rd = strings.NewReader("")
		}
		return s.Do(t, apptest.NewRequest(method, path, rd, "Content-Type", "application/json", "Authorization", "Bearer "+tok))
	}
	var list events.EventPage
	r := bearer(viewerToken, "GET", "/api/v1/events", nil)
	r.JSON(t, &list)
	if r.Status != 200 || len(list.Events) != 1 || list.Events[0].ID != a.ev.ID {
		t.Errorf("viewer token lists: %d %s", r.Status, r.Body)
	}
	if r := bearer(viewerToken, "POST", "/api/v1/organisations/"+a.org.ID+"/events", conferenceJSON()); r.Status != 403 {
		t.Errorf("viewer token creates an event: %d", r.Status)
	}
	if r := bearer(organiserToken, "POST", "/api/v1/organisations/"+a.org.ID+"/events", conferenceJSON()); r.Status != 201 {
		t.Errorf("organiser token creates an event (no CSRF token needed): %d %s", r.Status, r.Body)
	}
	if r := bearer(organiserToken, "GET", "/api/v1/events/"+x.b.ev.ID, nil); r.Status != 404 {
		t.Errorf("A's token reads B's event: %d", r.Status)
	}
	if r := bearer(organiserToken, "GET", "/api/v1/audit", nil); r.Status != 403 {
		t.Errorf("organiser token reads the audit log: %d", r.Status)
	}
	if r := bearer(organiserToken, "GET", "/organiser/", nil); r.Status != 303 {
		t.Errorf("a token on the HTML pages: %d", r.Status)
	}
	for _, bad := range []string{"fhe_nope", "Basic dXNlcjpwdw==", viewerToken + "x"} {
		req := apptest.NewRequest("GET", "/api/v1/events", nil, "Authorization", bad)
		if !strings.HasPrefix(bad, "Basic") {
			req.Header.Set("Authorization", "Bearer "+bad)
		}
		if r := s.Do(t, req); r.Status != 401 {
			t.Errorf("token %q: %d", bad, r.Status)
		}
	}

	// Revoking.
	tokens, err := s.Deps.Accounts.Tokens(storetest.Ctx(t), a.org.ID)
	if err != nil {
		t.Fatal(err)
	}
	idx := slices.IndexFunc(tokens, func(tk accounts.APIToken) bool { return tk.Name == "Statistik" })
	if r := x.organiserA.PostForm(t, path+"/"+tokens[idx].ID+"/revoke", nil); r.Status != 403 {
		t.Errorf("an organiser revokes a token: %d", r.Status)
	}
	if r := x.adminA.PostForm(t, path+"/"+tokens[idx].ID+"/revoke", nil); r.Status != 303 {
		t.Fatalf("revoke: %d", r.Status)
	}
	if r := bearer(viewerToken, "GET", "/api/v1/events", nil); r.Status != 401 {
		t.Errorf("a revoked token: %d", r.Status)
	}
	if r := bearer(organiserToken, "GET", "/api/v1/events", nil); r.Status != 200 {
		t.Errorf("the other token after a revocation: %d", r.Status)
	}
}

// Exports and views of personal data are in the audit log with who, which event and
// when; only the organisation's admins read it.
func TestAuditLogRecordsExportsAndViews(t *testing.T) {
	x := newTenancy(t)
	a := x.a
	ev := "/organiser/events/" + a.ev.ID
	if r := x.organiserA.Get(t, ev+"/participants.csv"); r.Status != 200 {
		t.Fatalf("CSV: %d", r.Status)
	}
	if r := x.organiserA.Get(t, ev+"/participants", "Accept", "text/html"); r.Status != 200 {
		t.Fatalf("participant list: %d", r.Status)
	}
	if r := x.viewer.Get(t, ev+"/participants.csv"); r.Status != 403 {
		t.Fatalf("viewer's CSV: %d", r.Status)
	}
	if r := x.organiserA.PostForm(t, ev+"/participants/"+a.reg.ID+"/cancel", url.Values{"confirm": {"yes"}}); r.Status != 303 {
		t.Fatalf("cancel: %d", r.Status)
	}
	if r := x.organiserA.Get(t, "/organiser/", "Accept", "text/html"); r.Status != 200 {
		t.Fatal(r.Status)
	}

	var body struct{ Entries []accounts.AuditEntry }
	r := x.adminA.Get(t, "/api/v1/audit?org="+a.org.ID)
	r.JSON(t, &body)
	if r.Status != 200 {
		t.Fatalf("audit JSON: %d %s", r.Status, r.Body)
	}
	find := func(action, route string) *accounts.AuditEntry {
		for i, e := range body.Entries {
			if e.Action == action && e.Route == route && e.Actor == "organiser@vasterbotten.se" {
				return &body.Entries[i]
			}
		}
		return nil
	}
	csv := find("export", "/organiser/events/:id/participants.csv")
	if csv == nil || csv.Actor != "organiser@vasterbotten.se" || csv.AccountID != x.organiserA.AccountID || csv.EventID != a.ev.ID ||
		csv.OrgID != a.org.ID || !csv.At.Equal(tenancyClock) || csv.Status != 200 || csv.Method != "GET" {
		t.Errorf("CSV export entry: %+v\nall: %+v", csv, body.Entries)
	}
	if v := find("view_personal_data", "/organiser/events/:id/participants"); v == nil || v.Actor != "organiser@vasterbotten.se" || v.EventID != a.ev.ID {
		t.Errorf("participant list entry: %+v", v)
	}
	refusals := 0
	for _, e := range body.Entries {
		if e.Action == "export" && e.Actor == x.viewer.Email && e.Status == 403 && e.EventID == a.ev.ID && e.OrgID == a.org.ID {
			refusals++
		}
	}
	if refusals != 1 {
		t.Errorf("%d entries for the viewer's refused export, want 1", refusals)
	}
	cancel := find("change", "/organiser/events/:id/participants/:rid/cancel")
	if cancel == nil || cancel.RegistrationID != a.reg.ID || cancel.EventID != a.ev.ID || cancel.OrgID != a.org.ID || cancel.Status != 303 {
		t.Errorf("cancellation entry: %+v", cancel)
	}
	if find("", "/organiser/") != nil || len(body.Entries) != 4 {
		t.Errorf("%d entries, want the CSV, the list, the refusal and the cancellation: %+v", len(body.Entries), body.Entries)
	}

	// The page shows the same, to admins only.
	page := x.adminA.Get(t, "/organiser/audit", "Accept", "text/html")
	checkAuthPage(t, "audit", strings.ReplaceAll(page.Text(), `<form method="get"`, `<form method="post"`))
	// In words: who did what to which event, and what was refused.
	title := a.ev.Title.SV
	for _, want := range []string{"organiser@vasterbotten.se laddade ner deltagarlistan för " + title,
		"organiser@vasterbotten.se öppnade deltagarlistan för " + title, x.viewer.Email + " laddade ner deltagarlistan för " + title + " – nekades",
		"organiser@vasterbotten.se avbokade en anmälan till " + title, `href="/organiser/events/` + a.ev.ID + `"`} {
		if !strings.Contains(page.Text(), want) {
			t.Errorf("audit page lacks %q", want)
		}
	}
	for name, c := range map[string]*apptest.Client{"organiser": x.organiserA, "viewer": x.viewer} {
		if r := c.Get(t, "/organiser/audit", "Accept", "text/html"); r.Status != 403 {
			t.Errorf("%s reads the audit page: %d", name, r.Status)
		}
		if r := c.Get(t, "/api/v1/audit?org="+a.org.ID); r.Status != 403 {
			t.Errorf("%s reads the audit JSON: %d", name, r.Status)
		}
	}
	var bBody struct{ Entries []accounts.AuditEntry }
	x.adminB.Get(t, "/api/v1/audit").JSON(t, &bBody)
	for _, e := range bBody.Entries {
		if e.OrgID == a.org.ID || e.EventID == a.ev.ID {
			t.Errorf("B's admin sees A's entry %+v", e)
		}
	}
	// The operator reads every organisation's entries.
	var all struct{ Entries []accounts.AuditEntry }
	x.s.Get(t, "/api/v1/audit").JSON(t, &all)
	if len(all.Entries) < len(body.Entries) {
		t.Errorf("the operator sees %d entries", len(all.Entries))
	}
}

// Every POST form on every organiser page carries the session's CSRF token, and so
// does every template's form that posts to an organiser route.
func TestEveryOrganiserFormCarriesTheCSRFToken(t *testing.T) {
	x := newTenancy(t)
	op := x.s.Operator
	pages := 0
	for _, rt := range organiserRoutes(x.s) {
		if rt[0] != "GET" || strings.HasPrefix(rt[1], "/api/") {
			continue
		}
		path := rt[1]
		if strings.Contains(path, "/:") {
			path = x.fill(path, x.a)
		}
		r := op.Get(t, path, "Accept", "text/html")
		if r.Status != 200 || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/html") {
			continue
		}
		pages++
		for _, f := range findAll(parse(t, r.Text()), tag("form")) {
			if !strings.EqualFold(attr(f, "method"), "post") {
				continue
			}
			field := find(f, func(n *html.Node) bool {
				return n.Type == html.ElementNode && n.Data == "input" && attr(n, "name") == "csrf"
			})
			if field == nil || attr(field, "value") != op.CSRF {
				t.Errorf("%s: the form to %s has no CSRF token", rt[1], attr(f, "action"))
			}
		}
	}
	if pages < 15 {
		t.Errorf("only %d organiser pages checked", pages)
	}

	// The templates themselves, the forms of pages not reachable above included.
	files, err := filepath.Glob("templates/*/*.html")
	if err != nil || len(files) == 0 {
		t.Fatal("no templates", err)
	}
	formRE := regexp.MustCompile(`(?s)<form\b([^>]*)>(.*?)</form>`)
	for _, file := range files {
		raw, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		name := strings.TrimPrefix(file, "templates/")
		for _, m := range formRE.FindAllStringSubmatch(string(raw), -1) {
			tagAttrs, inner := m[1], m[2]
			if !strings.Contains(tagAttrs, `method="post"`) {
				continue
			}
			action := regexp.MustCompile(`action="([^"]*)"`).FindStringSubmatch(tagAttrs)
			act := ""
			if action != nil {
				act = action[1]
			}
			organiserTemplate := strings.HasPrefix(name, "organiser/")
			// The pages before a session exists have no token to carry.
			signedOut := name == "organiser/sign_in.html" || strings.HasPrefix(name, "organiser/password_")
			public := signedOut || strings.HasPrefix(act, "/organiser/sign-in") || strings.HasPrefix(act, "/organiser/password/")
			if (organiserTemplate || strings.HasPrefix(act, "/organiser")) && !public && !strings.Contains(inner, `name="csrf"`) {
				t.Errorf("%s: the form to %q has no csrf field", name, act)
			}
		}
	}
}
