package app_test

import (
	"io"
	"maps"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"folkhalsa-events/app/apptest"
)

// Bad input through the form and the JSON API: a clear 4xx in the person's language,
// problems next to their fields, what was typed kept, and nothing stored.
func TestRegistrationRefusesBadInput(t *testing.T) {
	h := newRegHarness(t)
	ev := h.event(nil)
	formPath := "/events/" + ev.ID + "/register"
	apiPath := "/api/v1/public/events/" + ev.ID + "/registrations"
	// The harness's h.post and h.page fail the whole test, so no subtests here.
	{ // The form.
		// Everything missing: every required field is named, in order, in the summary.
		empty := h.post(formPath, url.Values{}, 422).Text()
		links := summaryLinks(t, empty)
		want := []string{"#first_name", "#last_name", "#email", "#organisation", "#org_type", "#municipality", "#privacy_accepted-1"}
		if strings.Join(links, " ") != strings.Join(want, " ") {
			t.Errorf("summary links %v, want %v", links, want)
		}
		if !strings.Contains(empty, "<title>Fel: ") {
			t.Error("the page title does not say there are problems")
		}
		for id, msg := range map[string]string{"first_name": "Förnamn måste anges", "org_type": "Välj typ av organisation",
			"municipality": "Välj kommun", "privacy_accepted-1": "godkänna hur vi hanterar personuppgifter"} {
			if got := fieldError(t, empty, id); !strings.Contains(got, msg) {
				t.Errorf("#%s error %q, want %q", id, got, msg)
			}
		}

		cases := []struct {
			name   string
			form   url.Values
			field  string // id of the field the problem is shown next to
			msg    string
			keptID string // a field whose typed value must be kept
			kept   string
		}{
			{"bad e-mail", regPerson("åsa(at)umea.se", "first_name", "Åsa"), "email", "giltig e-postadress", "first_name", "Åsa"},
			{"unknown municipality", regPerson("a@umea.se", "municipality", "Ankeborg", "role", "Strateg <b>"), "municipality", "Okänd kommun", "role", "Strateg <b>"},
			{"unknown organisation type", regPerson("a@umea.se", "org_type", "sekt"), "org_type", "Välj typ av organisation", "email", "a@umea.se"},
			{"unknown gender", regPerson("a@umea.se", "gender", "robot"), "gender-1", "Välj ett av alternativen", "email", "a@umea.se"},
			{"no privacy consent", regPerson("a@umea.se", "privacy_accepted", ""), "privacy_accepted-1", "godkänna", "last_name", "Lindqvist"},
			// 1 MB, under the 1 MiB body limit: refused by validation.
			{"a 1 MB name", regPerson("a@umea.se", "last_name", strings.Repeat("n", 1_000_000)), "last_name", "högst 100 tecken (nu 1000000)", "email", "a@umea.se"},
			{"unknown workshop", regPerson("a@umea.se", "workshops", "no-such-session"), "", "finns inte i programmet", "email", "a@umea.se"},
		}
		for _, tc := range cases {
			func() {
				t.Logf("form: %s", tc.name)
				r := h.post(formPath, tc.form, 422)
				body := r.Text()
				if tc.field != "" {
					if got := fieldError(t, body, tc.field); !strings.Contains(got, tc.msg) {
						t.Errorf("error next to #%s: %q, want %q", tc.field, got, tc.msg)
					}
				} else if !strings.Contains(text(find(parse(t, body), hasClassFn("org-summary"))), tc.msg) {
					t.Errorf("summary lacks %q", tc.msg)
				}
				if got := inputValue(t, body, tc.keptID); got != tc.kept {
					t.Errorf("#%s kept as %q, want %q", tc.keptID, got, tc.kept)
				}
				if len(body) > 200_000 {
					t.Errorf("the page repeats the whole input: %d bytes", len(body))
				}
				if r.Header.Get("Cache-Control") != "no-store" {
					t.Error("a page repeating personal data may be cached")
				}
			}()
		}

		// %FF decodes to a byte that is not UTF-8: refused next to the field, in either language.
		raw := "first_name=%FF&last_name=Lindqvist&email=a%40umea.se&organisation=%FFx&org_type=kommun&municipality=Ume%C3%A5&privacy_accepted=true"
		for lang, want := range map[string]string{"sv": "Förnamn: texten innehåller ogiltiga tecken", "en": "First name: the text contains invalid characters"} {
			r := h.s.Do(t, apptest.NewRequest("POST", formPath+"?lang="+lang, strings.NewReader(raw),
				"Content-Type", "application/x-www-form-urlencoded", "Accept", "text/html", "X-Forwarded-For", h.nextIP()))
			if r.Status != 422 {
				t.Fatalf("%%FF (%s): %d\n%s", lang, r.Status, mainOf(r.Text()))
			}
			checkRegPage(t, "%FF", r.Text())
			if got := fieldError(t, r.Text(), "first_name"); !strings.Contains(got, want) {
				t.Errorf("%%FF (%s): %q", lang, got)
			}
			if got := fieldError(t, r.Text(), "organisation"); got == "" {
				t.Errorf("%%FF (%s): no error next to organisation", lang)
			}
		}

		// In English.
		en := h.post(formPath+"?lang=en", url.Values{"first_name": {"Åsa"}}, 422).Text()
		if got := fieldError(t, en, "last_name"); got != "Last name is required." {
			t.Errorf("English error: %q", got)
		}
		if !strings.Contains(en, "There is a problem with the form") || inputValue(t, en, "first_name") != "Åsa" {
			t.Error("English summary or kept input missing")
		}
	}

	{ // The JSON API.
		cases := []struct {
			name   string
			change map[string]any // nil: an empty object
			field  string
		}{
			{"missing fields", nil, "first_name"},
			{"bad e-mail", map[string]any{"email": "asa@"}, "email"},
			{"unknown municipality", map[string]any{"municipality": "Ankeborg"}, "municipality"},
			{"a 1 MB name", map[string]any{"first_name": strings.Repeat("Å", 500_000)}, "first_name"},
		}
		for _, tc := range cases {
			func() {
				t.Logf("json: %s", tc.name)
				body := map[string]any{}
				if tc.change != nil {
					body = regJSONPerson("b@umea.se")
					maps.Copy(body, tc.change)
				}
				r := h.postJSON(apiPath, body, 422)
				var e struct {
					Error struct {
						Code   string            `json:"code"`
						Fields map[string]string `json:"fields"`
					} `json:"error"`
				}
				r.JSON(t, &e)
				if e.Error.Code != "validation_failed" || e.Error.Fields[tc.field] == "" {
					t.Errorf("%s: got %.300s", tc.name, r.Body)
				}
			}()
		}
		// Raw invalid UTF-8 is refused before decoding, in either language.
		for lang, want := range map[string]string{"sv": "inte giltig UTF-8", "en": "not valid UTF-8"} {
			r := h.postJSON(apiPath+"?lang="+lang, []byte("{\"first_name\": \"\xff\"}"), 400)
			if r.ErrorCode() != "invalid_encoding" || !strings.Contains(r.Text(), want) {
				t.Errorf("invalid UTF-8 (%s): %s", lang, r.Body)
			}
		}
		if r := h.postJSON(apiPath, "{not json", 400); r.ErrorCode() != "bad_request" {
			t.Errorf("broken JSON: %s", r.Body)
		}
		// English messages for the fields.
		r := h.postJSON(apiPath+"?lang=en", map[string]any{}, 422)
		if !strings.Contains(r.Text(), "First name is required.") {
			t.Errorf("English field messages: %s", r.Body)
		}
	}

	if n := h.count(); n != 0 {
		t.Errorf("%d registrations stored from bad input", n)
	}
}

// Over the body limit, a real listener answers 413 before any handler runs (fasthttp
// enforces it while reading, which app.Test cannot show). A small limit keeps the
// body small enough for the client to finish writing before the server answers.
func TestRegistrationBodyLimit(t *testing.T) {
	h := newRegHarness(t, apptest.WithEnv("BODY_LIMIT_BYTES", "16384"))
	ev := h.event(nil)
	base := apptest.Listen(t, h.s.App)
	form := regPerson("a@umea.se", "last_name", strings.Repeat("Ö", 8000)) // 48 kB once encoded
	for path, ct := range map[string]string{
		"/events/" + ev.ID + "/register":                    "application/x-www-form-urlencoded",
		"/api/v1/public/events/" + ev.ID + "/registrations": "application/json",
	} {
		req, _ := http.NewRequest("POST", base+path, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", ct)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(string(body), "för stor") {
			t.Errorf("%s: %d %s", path, resp.StatusCode, body)
		}
	}
	if n := h.count(); n != 0 {
		t.Errorf("%d registrations stored", n)
	}
}

// The honeypot: a filled-in "website" is refused and nothing is stored.
func TestRegistrationHoneypot(t *testing.T) {
	h := newRegHarness(t)
	ev := h.event(nil)
	r := h.post("/events/"+ev.ID+"/register", regPerson("bot@umea.se", "website", "http://spam.example"), 400)
	if !strings.Contains(r.Text(), "Anmälan kunde inte tas emot") {
		t.Errorf("honeypot page:\n%s", mainOf(r.Text()))
	}
	body := regJSONPerson("bot2@umea.se")
	body["website"] = "x"
	if r := h.postJSON("/api/v1/public/events/"+ev.ID+"/registrations", body, 400); r.ErrorCode() != "rejected" {
		t.Errorf("honeypot through the API: %s", r.Body)
	}
	if n := h.count(); n != 0 {
		t.Errorf("%d registrations stored from bots", n)
	}
	// The same people without the honeypot get through: the address was not taken.
	h.register(ev, regPerson("bot@umea.se"))
}

// Ten registration attempts per minute per address, form and API together; five
// resends per ten minutes. Other addresses are not affected.
func TestRegistrationRateLimit(t *testing.T) {
	h := newRegHarness(t)
	ev := h.event(nil)
	formPath := "/events/" + ev.ID + "/register"
	apiPath := "/api/v1/public/events/" + ev.ID + "/registrations"
	ip := "192.0.2.7"
	for i := 0; i < 5; i++ {
		h.post(formPath, url.Values{}, 422, "X-Forwarded-For", ip)
		h.postJSON(apiPath, map[string]any{}, 422, "X-Forwarded-For", ip)
	}
	r := h.post(formPath, regPerson("eleventh@umea.se"), 429, "X-Forwarded-For", ip)
	if !strings.Contains(r.Text(), "För många försök") || r.Header.Get("Retry-After") == "" {
		t.Errorf("11th form post: %s %q", mainOf(r.Text()), r.Header.Get("Retry-After"))
	}
	if r := h.postJSON(apiPath+"?lang=en", regJSONPerson("eleventh@umea.se"), 429, "X-Forwarded-For", ip); r.ErrorCode() != "too_many_requests" || !strings.Contains(r.Text(), "Too many attempts") {
		t.Errorf("12th post through the API: %s", r.Body)
	}
	if n := h.count(); n != 0 {
		t.Errorf("%d registrations stored past the limit", n)
	}
	h.register(ev, regPerson("other@umea.se")) // another address

	// The form is still shown: only posting is limited.
	h.page(formPath, 200, "X-Forwarded-For", ip)

	resend := "/events/" + ev.ID + "/register/resend"
	for i := 0; i < 5; i++ {
		h.post(resend, url.Values{"email": {"x@umea.se"}}, 200, "X-Forwarded-For", "192.0.2.8")
	}
	h.post(resend, url.Values{"email": {"x@umea.se"}}, 429, "X-Forwarded-For", "192.0.2.8")
	h.postJSON("/api/v1/public/events/"+ev.ID+"/registrations/resend", map[string]string{"email": "x@umea.se"}, 429, "X-Forwarded-For", "192.0.2.8")
	h.post(resend, url.Values{"email": {"x@umea.se"}}, 200, "X-Forwarded-For", "192.0.2.9")
}
