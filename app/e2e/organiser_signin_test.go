package e2e

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"folkhalsa-events/accounts"
	"folkhalsa-events/events"
	"folkhalsa-events/municipal"
	"folkhalsa-events/platform/datastore/storetest"
	"folkhalsa-events/registration"
	"folkhalsa-events/webhooks"
)

// An organiser signs in in the browser: sent from an organiser page to the sign-in
// page and back after signing in; the sign-in page (both languages), the dashboard,
// the members page and the account page pass axe's WCAG 2.1 A/AA rules; signing out
// ends the session.
func TestOrganiserSignsInAndOut(t *testing.T) {
	svc := startService(t, beforeEvent)
	conf := publishConference(t, svc)
	ctx := storetest.Ctx(t)
	a, err := svc.deps.Accounts.CreateAccount(ctx, accounts.NewAccount{Email: "anna.berg@lansstyrelsen.se", Password: "ett långt lösenord 1"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.deps.Accounts.AddMembership(ctx, a.ID, conf.org.ID, accounts.RoleAdmin); err != nil {
		t.Fatal(err)
	}
	if err := svc.deps.Accounts.SetOperator(ctx, a.ID, true); err != nil { // for the outbox page
		t.Fatal(err)
	}
	// A participant, and a message sent to them, for the message pages.
	kim, err := svc.deps.Registrations.Register(ctx, conf.event.ID, registration.Input{FirstName: "Kim", LastName: "Lindqvist",
		Email: "kim@skelleftea.se", Organisation: "Skellefteå kommun", OrgType: "kommun", Municipality: "Skellefteå", Mode: "on_site", PrivacyOK: true,
		Answers: map[string]registration.AnswerValue{conf.questions[1].ID: {conf.questions[1].Options[0].ID}}}, "sv")
	if err != nil {
		t.Fatal(err)
	}
	msg, err := svc.deps.Registrations.SendMessage(ctx, conf.event, registration.MessageDraft{Subject: events.Text{SV: "Inför konferensen"},
		Body: events.Text{SV: "Hej {förnamn}!\n\nProgrammet är klart."}}, "anna.berg@lansstyrelsen.se")
	if err != nil {
		t.Fatal(err)
	}
	svc.deps.Registrations.WaitBackground(ctx)
	series, err := svc.deps.Events.CreateSeries(ctx, conf.org.ID, events.SeriesInput{
		DetailsInput: events.DetailsInput{Type: "network_meeting", TitleSV: "Nätverket för folkhälsosamordnare", Mode: "digital"},
		Freq:         "monthly", Interval: 1, Ordinal: 1, Weekday: 2, StartDate: "2026-10-01", StartTime: "09:00", EndTime: "11:00"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.deps.Events.Generate(ctx, series.ID, time.Date(2026, 12, 31, 0, 0, 0, 0, events.Stockholm)); err != nil {
		t.Fatal(err)
	}
	b := browser(t)
	eventPage := svc.base + "/organiser/events/" + conf.event.ID

	do(t, b, "Swedish", chromedp.Navigate(svc.base+"/?lang=sv"), chromedp.WaitVisible(chromedp.CSS(`main h1`)))
	do(t, b, "open an organiser page", chromedp.Navigate(eventPage), chromedp.WaitVisible(chromedp.CSS(`input[name=email]`)))
	if url := get(t, b, "where", chromedp.Location()); !strings.Contains(url, "/organiser/sign-in?next=") {
		t.Fatalf("not sent to the sign-in page: %s", url)
	}
	checkAccessibility(t, b, "sign-in")
	screenshot(t, b, "sign-in")

	// A wrong password: the error is announced and tied to the field.
	do(t, b, "wrong password",
		chromedp.SendKeys(chromedp.CSS(`#email`), "anna.berg@lansstyrelsen.se"),
		chromedp.SendKeys(chromedp.CSS(`#password`), "fel lösenord"),
		chromedp.Submit(chromedp.CSS(`#password`)),
		chromedp.WaitVisible(chromedp.CSS(`.org-summary`)))
	if msg := get(t, b, "error", chromedp.Text(chromedp.CSS(`#email-error`))); msg != "Fel e-postadress eller lösenord." {
		t.Errorf("error message %q", msg)
	}
	checkAccessibility(t, b, "sign-in with an error")

	do(t, b, "sign in",
		chromedp.SetValue(chromedp.CSS(`#email`), "anna.berg@lansstyrelsen.se"),
		chromedp.SendKeys(chromedp.CSS(`#password`), "ett långt lösenord 1"),
		chromedp.Submit(chromedp.CSS(`#password`)),
		chromedp.WaitVisible(chromedp.CSS(`.account-nav`)))
	if url := get(t, b, "where", chromedp.Location()); url != eventPage {
		t.Errorf("after signing in: %s, want %s", url, eventPage)
	}
	// A change participants would hear about, for the notice page.
	moved := conf.event
	moved.Start, moved.End = moved.Start.Add(time.Hour), moved.End.Add(time.Hour)
	moved.Sequence++
	change, _, err := svc.deps.Events.RecordChange(ctx, conf.event, moved)
	if err != nil {
		t.Fatal(err)
	}
	req, err := svc.deps.Municipal.SubmitRequest(ctx, conf.org, municipal.RequestInput{Kind: "training", Municipality: "Umeå", Name: "Kim Lind",
		Email: "kim.lind@umea.se", Topics: []string{"pf:parenting", "ta:1"}, Message: "Utbildning för förskolans personal."}, "sv")
	if err != nil {
		t.Fatal(err)
	}
	hook, err := svc.deps.Webhooks.Add(ctx, conf.org.ID, webhooks.EndpointInput{URL: "https://crm.example.se/hooks", Kinds: []string{webhooks.RegistrationCreated}}, "admin@example.se")
	if err != nil {
		t.Fatal(err)
	}
	if err := svc.deps.Webhooks.Test(ctx, hook); err != nil {
		t.Fatal(err)
	}
	for _, page := range []string{"/organiser/", "/organiser/organisations/" + conf.org.ID + "/members",
		"/organiser/organisations/" + conf.org.ID + "/webhooks", "/organiser/organisations/" + conf.org.ID + "/webhooks/" + hook.ID,
		"/organiser/organisations/" + conf.org.ID + "/embed", "/organiser/organisations/" + conf.org.ID + "/data-requests", "/organiser/account", "/organiser/audit",
		"/organiser/organisations/" + conf.org.ID + "/edit", "/organiser/events/" + conf.event.ID + "/notify?change=" + url.QueryEscape(change.ID),
		"/organiser/outbox", "/organiser/events/" + conf.event.ID + "/messages", "/organiser/events/" + conf.event.ID + "/messages/" + msg.ID,
		"/organiser/events/" + conf.event.ID, "/organiser/events/" + conf.event.ID + "/edit", "/organiser/events/" + conf.event.ID + "/participants",
		"/organiser/events/" + conf.event.ID + "/needs", "/organiser/events/" + conf.event.ID + "/invitations", "/organiser/events/" + conf.event.ID + "/badges",
		"/organiser/events/" + conf.event.ID + "/scanner-links", "/organiser/events/" + conf.event.ID + "/checkin", "/organiser/events/" + conf.event.ID + "/messages/new",
		"/organiser/events/new", "/organiser/series/new", "/organiser/series/" + series.ID, "/organiser/series/" + series.ID + "/edit", "/organiser/events/" + conf.event.ID + "/participants/add", "/organiser/events/" + conf.event.ID + "/sessions/" + conf.workshops[0].ID + "/edit",
		"/organiser/events/" + conf.event.ID + "/questions", "/organiser/events/" + conf.event.ID + "/questions/" + conf.questions[0].ID + "/edit",
		"/organiser/events/" + conf.event.ID + "/participants/" + kim.Registration.ID + "/edit",
		"/organiser/organisations/" + conf.org.ID + "/followup", "/organiser/events/" + conf.event.ID + "/evaluation",
		"/organiser/organisations/" + conf.org.ID + "/municipalities", "/organiser/organisations/" + conf.org.ID + "/municipalities/2480", "/organiser/organisations/" + conf.org.ID + "/followup?from=2026-13-01",
		"/organiser/organisations/" + conf.org.ID + "/visit-requests", "/organiser/organisations/" + conf.org.ID + "/visit-requests/" + req.ID,
		"/organiser/organisations/" + conf.org.ID + "/municipalities/2480/visits/new"} {
		do(t, b, "open "+page, chromedp.EmulateViewport(1280, 900), chromedp.Navigate(svc.base+page), chromedp.WaitVisible(chromedp.CSS(`main h1`)))
		checkAccessibility(t, b, page)
		screenshot(t, b, strings.Trim(strings.ReplaceAll(page, "/", "-"), "-"))
		checkWidths(t, b, svc.base+page, page)
	}

	// Writing a message: the form, then its preview with the count.
	do(t, b, "write a message", chromedp.Navigate(svc.base+"/organiser/events/"+conf.event.ID+"/messages/new"), chromedp.WaitVisible(chromedp.CSS(`#subject_sv`)))
	checkAccessibility(t, b, "message form")
	do(t, b, "preview the message",
		chromedp.SendKeys(chromedp.CSS(`#subject_sv`), "Parkering"),
		chromedp.SendKeys(chromedp.CSS(`#body_sv`), "Hej {förnamn}! Parkera vid Folkets hus."),
		chromedp.Click(chromedp.CSS(`button[value=preview]`)),
		chromedp.WaitVisible(chromedp.CSS(`.mail-preview`)))
	if txt := get(t, b, "preview", chromedp.Text(chromedp.CSS(`.mail-preview`))); !strings.Contains(txt, "Hej Kim! Parkera vid Folkets hus.") || !strings.Contains(txt, "går till 1 person") {
		t.Errorf("the preview: %q", txt)
	}
	checkAccessibility(t, b, "message preview")
	screenshot(t, b, "message-preview")

	do(t, b, "sign out", chromedp.Navigate(svc.base+"/organiser/sign-out"), chromedp.WaitVisible(chromedp.CSS(`main form button`)),
		chromedp.Click(chromedp.CSS(`main form button`)), chromedp.WaitVisible(chromedp.CSS(`input[name=email]`)))
	if txt := get(t, b, "notice", chromedp.Text(chromedp.CSS(`[role=status]`))); txt != "Du är utloggad." {
		t.Errorf("after signing out: %q", txt)
	}
	do(t, b, "organiser page again", chromedp.Navigate(eventPage), chromedp.WaitVisible(chromedp.CSS(`input[name=email]`)))

	do(t, b, "English", chromedp.Navigate(svc.base+"/organiser/sign-in?lang=en"), chromedp.WaitVisible(chromedp.CSS(`input[name=email]`)))
	if h1 := get(t, b, "heading", chromedp.Text(chromedp.CSS(`h1`))); h1 != "Sign in as an organiser" {
		t.Errorf("English heading %q", h1)
	}
	checkAccessibility(t, b, "sign-in (en)")
}
