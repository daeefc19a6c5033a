package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"folkhalsa-events/accounts"
	"folkhalsa-events/events"
	"folkhalsa-events/platform/datastore/storetest"
)

// Journey 2: an organiser signs in, creates an event with a parallel-session agenda,
// publishes it and downloads the programme PDF.
func TestOrganiserJourney(t *testing.T) {
	svc := startService(t, beforeEvent)
	ctx := storetest.Ctx(t)
	org, err := svc.deps.Events.CreateOrganisation(ctx, events.OrganisationInput{Name: "Region Västerbotten", Kind: "region", County: "24"})
	if err != nil {
		t.Fatal(err)
	}
	account, err := svc.deps.Accounts.CreateAccount(ctx, accounts.NewAccount{Email: "karin.lind@regionvasterbotten.se", Name: "Karin Lind", Password: "Folkhälsa-2026-säkert"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.deps.Accounts.AddMembership(ctx, account.ID, org.ID, accounts.RoleOrganiser); err != nil {
		t.Fatal(err)
	}
	b := browser(t)

	do(t, b, "open the sign-in page",
		chromedp.Navigate(svc.base+"/organiser/?lang=sv"),
		chromedp.WaitVisible(chromedp.CSS(`input[name=email]`)),
		chromedp.SendKeys(chromedp.CSS(`input[name=email]`), account.Email),
		chromedp.SendKeys(chromedp.CSS(`input[name=password]`), "Folkhälsa-2026-säkert"),
	)
	submitted(t, b, "sign in", chromedp.Submit(chromedp.CSS(`input[name=password]`)))
	do(t, b, "dashboard", chromedp.WaitVisible(chromedp.CSS(`a[href^="/organiser/events/new"]`)))
	screenshot(t, b, "1-dashboard")

	do(t, b, "new event form",
		chromedp.Click(chromedp.CSS(`a[href^="/organiser/events/new"]`)),
		chromedp.WaitVisible(chromedp.CSS(`input[name=title_sv]`)),
		chromedp.SetValue(chromedp.CSS(`select[name=type]`), "seminar"),
		chromedp.SendKeys(chromedp.CSS(`input[name=title_sv]`), "Seminarium om psykisk hälsa"),
		chromedp.SendKeys(chromedp.CSS(`input[name=title_en]`), "Seminar on mental health"),
		chromedp.SetValue(chromedp.CSS(`input[name=start]`), "2026-11-20T09:00"),
		chromedp.SetValue(chromedp.CSS(`input[name=end]`), "2026-11-20T16:00"),
		chromedp.SendKeys(chromedp.CSS(`input[name=venue_name]`), "Umeå universitet, Aula Nordica"),
		chromedp.SendKeys(chromedp.CSS(`input[name=venue_city]`), "Umeå"),
		chromedp.Click(chromedp.CSS(`input[name=mode][value=on_site]`)),
		chromedp.Click(chromedp.CSS(`input[name=target_areas][value="6"]`)),
		chromedp.SetValue(chromedp.CSS(`select[name=municipality]`), "Umeå"),
	)
	screenshot(t, b, "2-event-form")
	submitted(t, b, "create the event", chromedp.Submit(chromedp.CSS(`input[name=title_sv]`)))

	page, err := svc.deps.Events.ListEvents(ctx, events.EventFilter{OrgIDs: []string{org.ID}})
	if err != nil || page.Total != 1 {
		t.Fatalf("events after the form: %d (%v)", page.Total, err)
	}
	ev := page.Events[0]

	addSession := func(title, start, end, kind, room string) {
		do(t, b, "fill in "+title,
			chromedp.WaitVisible(chromedp.CSS(`form[action$="/sessions"] input[name=title_sv]`)),
			chromedp.SetValue(chromedp.CSS(`form[action$="/sessions"] input[name=start]`), start),
			chromedp.SetValue(chromedp.CSS(`form[action$="/sessions"] input[name=end]`), end),
			chromedp.SendKeys(chromedp.CSS(`form[action$="/sessions"] input[name=title_sv]`), title),
			chromedp.SetValue(chromedp.CSS(`form[action$="/sessions"] select[name=kind]`), kind),
			chromedp.SendKeys(chromedp.CSS(`form[action$="/sessions"] input[name=room]`), room),
		)
		submitted(t, b, "add "+title, chromedp.Submit(chromedp.CSS(`form[action$="/sessions"] input[name=title_sv]`)))
	}
	addSession("Inledning", "2026-11-20T09:00", "2026-11-20T09:30", "plenary", "Aulan")
	addSession("Unga vuxnas psykiska hälsa", "2026-11-20T10:00", "2026-11-20T11:00", "workshop", "Sal 1")
	addSession("Suicidprevention i kommunen", "2026-11-20T10:00", "2026-11-20T11:00", "workshop", "Sal 2")
	sessions, err := svc.deps.Events.Sessions(ctx, ev.ID)
	if err != nil || len(sessions) != 3 {
		t.Fatalf("sessions after the forms: %d (%v)", len(sessions), err)
	}
	screenshot(t, b, "3-agenda")

	submitted(t, b, "publish",
		chromedp.Click(chromedp.JSPath(`document.querySelector('input[name=status][value=published]').form.querySelector('button')`)))
	do(t, b, "published", chromedp.WaitVisible(chromedp.CSS(`.org-badge-published`)))
	if got, _ := svc.deps.Events.Event(ctx, ev.ID); got.Status != events.StatusPublished {
		t.Fatalf("status after publishing: %s", got.Status)
	}
	screenshot(t, b, "4-published")

	// The programme, fetched by the page itself (same cookies, as a download would).
	pdf := get(t, b, "download the programme", chromedp.Evaluate[string](`fetch("/events/`+ev.ID+`/programme.pdf").then(async r =>
		r.status + " " + r.headers.get("content-type") + " " + (await r.text()).slice(0, 5))`, chromedp.EvalAwaitPromise))
	if !strings.HasPrefix(pdf, "200 application/pdf %PDF-") {
		t.Fatalf("programme download: %q", pdf)
	}
	do(t, b, "public page", chromedp.Navigate(svc.base+"/events/"+ev.ID+"?lang=sv"), chromedp.WaitVisible(chromedp.CSS(`#agenda`)))
	text := get(t, b, "read public page", chromedp.Text(chromedp.CSS(`main`)))
	for _, want := range []string{"Seminarium om psykisk hälsa", "Unga vuxnas psykiska hälsa", "Suicidprevention i kommunen"} {
		if !strings.Contains(text, want) {
			t.Errorf("public page lacks %q", want)
		}
	}
	screenshot(t, b, "5-public")
}
