package admincmd_test

import (
	"bytes"
	"context"
	"net/http"
	"strings"
	"testing"

	"folkhalsa-events/accounts"
	"folkhalsa-events/accounts/admincmd"
	"folkhalsa-events/app/apptest"
	"folkhalsa-events/events"
	"folkhalsa-events/platform/datastore/storetest"
)

func TestMain(m *testing.M) { storetest.Main(m) }

const password = "korrekt häst batteri"

// run calls the command in-process with the configuration of a real start: the test
// store through MONGODB_URI and the test's own database.
func run(t *testing.T, dbName string, env map[string]string, args ...string) (int, string, string) {
	t.Helper()
	full := map[string]string{"MONGODB_URI": storetest.URI(), "MONGODB_DATABASE": dbName, "DATA_DIR": t.TempDir()}
	for k, v := range env {
		full[k] = v
	}
	var out, errOut bytes.Buffer
	code := admincmd.Run(context.Background(), args, func(k string) string { return full[k] }, strings.NewReader(""), &out, &errOut)
	return code, out.String(), errOut.String()
}

// The first admin of an organisation, made on the command line, signs in on the web
// and manages the organisation's members; nothing else is theirs.
func TestCreateFirstAdminThenSignIn(t *testing.T) {
	db := storetest.DB(t)
	ctx := storetest.Ctx(t)
	code, out, errOut := run(t, db.Name(), map[string]string{admincmd.PasswordEnv: password},
		"create", "--email", "Anna.Berg@Lansstyrelsen.se", "--org", "Länsstyrelsen i Västerbotten", "--kind", "lansstyrelse", "--county", "Västerbottens län")
	if code != 0 || !strings.Contains(out, `created organisation "Länsstyrelsen i Västerbotten"`) || !strings.Contains(out, "created account anna.berg@lansstyrelsen.se") {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	if strings.Contains(out+errOut, password) {
		t.Error("the password was printed")
	}
	orgs, err := events.NewStore(db).Organisations(ctx)
	if err != nil || len(orgs) != 1 || orgs[0].Kind != events.OrgLansstyrelse || orgs[0].County != "Västerbottens län" {
		t.Fatalf("organisations: %+v %v", orgs, err)
	}
	org := orgs[0]

	s := apptest.NewOn(t, db, apptest.Anonymous())
	c := s.SignIn(t, "anna.berg@lansstyrelsen.se", password)
	if r := c.Get(t, "/organiser/organisations/"+org.ID+"/members", "Accept", "text/html"); r.Status != 200 || !strings.Contains(r.Text(), "anna.berg@lansstyrelsen.se") {
		t.Errorf("the admin's members page: %d", r.Status)
	}
	if r := c.SendJSON(t, "POST", "/api/v1/organisations/"+org.ID+"/events", map[string]any{
		"type": "seminar", "title_sv": "Seminarium om psykisk hälsa", "start": "2026-11-03T13:00", "end": "2026-11-03T16:00", "mode": "digital",
	}); r.Status != http.StatusCreated {
		t.Errorf("the admin creates an event: %d %s", r.Status, r.Body)
	}
	if r := c.SendJSON(t, "POST", "/api/v1/organisations", map[string]string{"name": "Ny", "kind": "kommun"}); r.Status != http.StatusForbidden {
		t.Errorf("an admin who is no operator creates an organisation: %d", r.Status)
	}

	// Again for the same organisation (any case): found, not created twice; a second
	// admin joins it.
	code, out, errOut = run(t, db.Name(), map[string]string{admincmd.PasswordEnv: password + " 2"},
		"create", "--email", "bo@lansstyrelsen.se", "--org", "länsstyrelsen i västerbotten")
	if code != 0 || !strings.Contains(out, "exists") {
		t.Fatalf("second admin: exit %d\n%s\n%s", code, out, errOut)
	}
	if orgs, _ := events.NewStore(db).Organisations(ctx); len(orgs) != 1 {
		t.Errorf("%d organisations after naming one again", len(orgs))
	}
	s.SignIn(t, "bo@lansstyrelsen.se", password+" 2")

	// An operator, without an organisation: creates organisations and sees them all.
	code, out, errOut = run(t, db.Name(), map[string]string{admincmd.PasswordEnv: password}, "create", "--email", "drift@example.se", "--operator")
	if code != 0 || !strings.Contains(out, "is a platform operator") {
		t.Fatalf("operator: exit %d\n%s\n%s", code, out, errOut)
	}
	op := s.SignIn(t, "drift@example.se", password)
	if r := op.SendJSON(t, "POST", "/api/v1/organisations", map[string]string{"name": "Umeå kommun", "kind": "kommun"}); r.Status != http.StatusCreated {
		t.Errorf("the operator creates an organisation: %d %s", r.Status, r.Body)
	}

	// Running it for an existing account replaces the password and ends its sessions.
	code, _, errOut = run(t, db.Name(), map[string]string{admincmd.PasswordEnv: "ett helt nytt lösenord"},
		"create", "--email", "anna.berg@lansstyrelsen.se", "--org", "Länsstyrelsen i Västerbotten")
	if code != 0 {
		t.Fatalf("again for Anna: exit %d %s", code, errOut)
	}
	if r := c.Get(t, "/api/v1/session"); r.Status != http.StatusUnauthorized {
		t.Errorf("Anna's old session after a new password: %d", r.Status)
	}
	s.SignIn(t, "anna.berg@lansstyrelsen.se", "ett helt nytt lösenord")
}

func TestCommandRefusesBadInput(t *testing.T) {
	db := storetest.DB(t)
	pw := map[string]string{admincmd.PasswordEnv: password}
	cases := []struct {
		name string
		env  map[string]string
		args []string
		code int
		says string
	}{
		{"no subcommand", pw, nil, 2, "usage"},
		{"unknown subcommand", pw, []string{"delete"}, 2, "usage"},
		{"no password and no terminal", nil, []string{"create", "--email", "a@kommun.se", "--org", "X"}, 2, admincmd.PasswordEnv},
		{"bad address", pw, []string{"create", "--email", "inte-en-adress", "--org", "X"}, 2, "--email"},
		{"no organisation", pw, []string{"create", "--email", "a@kommun.se"}, 2, "--org"},
		{"short password", map[string]string{admincmd.PasswordEnv: "kort"}, []string{"create", "--email", "a@kommun.se", "--org", "X"}, 2, "at least 10"},
		{"unknown kind", pw, []string{"create", "--email", "a@kommun.se", "--org", "X", "--kind", "kungahuset"}, 2, "--kind"},
		{"unknown county", pw, []string{"create", "--email", "a@kommun.se", "--org", "X", "--county", "Atlantis"}, 1, "--county"},
		{"bad configuration", map[string]string{admincmd.PasswordEnv: password, "LOG_LEVEL": "loud"}, []string{"create", "--email", "a@kommun.se", "--org", "X"}, 1, "LOG_LEVEL"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := run(t, db.Name(), tc.env, tc.args...)
			if code != tc.code || !strings.Contains(errOut, tc.says) {
				t.Errorf("exit %d, want %d; stderr lacks %q:\n%s%s", code, tc.code, tc.says, out, errOut)
			}
		})
	}
	if _, err := accounts.New(db, accounts.Config{}, nil).AccountByEmail(storetest.Ctx(t), "a@kommun.se"); err == nil {
		t.Error("an account was created by a refused command")
	}
	if orgs, _ := events.NewStore(db).Organisations(storetest.Ctx(t)); len(orgs) != 0 {
		t.Errorf("a refused command created %d organisations", len(orgs))
	}
}
