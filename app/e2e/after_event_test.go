package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"folkhalsa-events/badges"
	"folkhalsa-events/evaluation"
	"folkhalsa-events/events"
	"folkhalsa-events/platform/datastore/storetest"
	"folkhalsa-events/registration"
)

// After the two-day conference: the participant's page leads to the evaluation and the
// certificate; the evaluation form is answered in the browser; every page passes axe
// and fits at 320, 390 and 1280 pixels.
func TestAfterTheEventPagesInTheBrowser(t *testing.T) {
	after := time.Date(2026, 10, 16, 10, 0, 0, 0, events.Stockholm)
	svc := startService(t, beforeEvent)
	conf := publishConference(t, svc)
	ctx := storetest.Ctx(t)
	res, err := svc.deps.Registrations.Register(ctx, conf.event.ID, registration.Input{FirstName: "Áile", LastName: "Ŋuvttet",
		Email: "aile@skelleftea.se", Organisation: "Skellefteå kommun", OrgType: "kommun", Municipality: "Skellefteå", Mode: "on_site", PrivacyOK: true}, "sv")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.deps.Evaluations.SetQuestions(ctx, conf.event.ID, evaluation.Default); err != nil {
		t.Fatal(err)
	}
	// The days pass: Áile comes on day 1.
	svc.setClock(conf.event.Start.Add(30 * time.Minute))
	if r, err := svc.deps.Badges.ManualCheckIn(ctx, badges.Link{EventID: conf.event.ID, Station: "Entré"}, res.Registration.ID, ""); err != nil || r.Outcome != badges.OutcomeOK {
		t.Fatalf("check-in: %v %v", r.Outcome, err)
	}
	svc.setClock(after)

	b := browser(t)
	manage := svc.base + "/manage/" + res.Registration.ID + "/" + res.ManageToken
	do(t, b, "the manage page after the event", chromedp.EmulateViewport(1280, 900), chromedp.Navigate(manage),
		chromedp.WaitVisible(chromedp.CSS(`a[href$="/evaluation"]`)), chromedp.WaitVisible(chromedp.CSS(`a[href$="/certificate.pdf"]`)))
	checkAccessibility(t, b, "manage page after the event")
	checkWidths(t, b, manage, "manage page after the event")

	do(t, b, "open the evaluation", chromedp.Navigate(manage+"/evaluation"), chromedp.WaitVisible(chromedp.CSS(`input[name=q_relevant]`)))
	checkAccessibility(t, b, "evaluation form")
	checkWidths(t, b, manage+"/evaluation", "evaluation form")
	do(t, b, "answer", chromedp.EmulateViewport(1280, 900), chromedp.Navigate(manage+"/evaluation"),
		chromedp.WaitVisible(chromedp.CSS(`input[name=q_relevant]`)),
		chromedp.Click(chromedp.CSS(`input[name=q_relevant][value="5"]`)),
		chromedp.SendKeys(chromedp.CSS(`textarea[name=q_best]`), "Samtalen med kommunerna"))
	submitted(t, b, "send the answers", chromedp.Submit(chromedp.CSS(`textarea[name=q_best]`)))
	text := get(t, b, "read the page", chromedp.Text(chromedp.CSS(`main`)))
	if !strings.Contains(text, "Tack för dina svar") || !strings.Contains(text, "Du har svarat på utvärderingen") {
		t.Errorf("after answering:\n%s", text)
	}
	if done, err := svc.deps.Evaluations.Answered(ctx, conf.event.ID, res.Registration.ID); err != nil || !done {
		t.Errorf("the answer was not recorded: %v", err)
	}
	checkAccessibility(t, b, "manage page after answering")
}
