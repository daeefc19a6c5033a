package e2e

import (
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"folkhalsa-events/events"
	"folkhalsa-events/platform/datastore/storetest"
	"folkhalsa-events/registration"
)

var manageLink = regexp.MustCompile(`https?://[^\s]+/manage/[a-z0-9]+/[a-z0-9]+`)

// Journey 1: a participant finds the event, registers with Swedish letters in the
// name and a workshop, opens the manage link from the e-mail, changes the workshop
// and gets the badge.
func TestParticipantJourney(t *testing.T) {
	svc := startService(t, beforeEvent)
	conf := publishConference(t, svc)
	ctx := browser(t)
	first, second := conf.workshops[0], conf.workshops[1]

	do(t, ctx, "find the event",
		chromedp.Navigate(svc.base+"/?lang=sv"),
		chromedp.Click(chromedp.CSS(`a[href="/events/`+conf.event.ID+`"]`)),
		chromedp.WaitVisible(chromedp.CSS(`a[href^="/events/`+conf.event.ID+`/register"]`)),
	)
	screenshot(t, ctx, "1-event")
	do(t, ctx, "open the form", chromedp.Click(chromedp.CSS(`a[href^="/events/`+conf.event.ID+`/register"]`)),
		chromedp.WaitVisible(chromedp.CSS(`input[name=first_name]`)))
	do(t, ctx, "fill in the form",
		chromedp.SendKeys(chromedp.CSS(`input[name=first_name]`), "Åsa"),
		chromedp.SendKeys(chromedp.CSS(`input[name=last_name]`), "Öberg-Ŋuvttet"),
		chromedp.SendKeys(chromedp.CSS(`input[name=email]`), "asa.oberg@umea.se"),
		chromedp.SendKeys(chromedp.CSS(`input[name=organisation]`), "Umeå kommun"),
		chromedp.SetValue(chromedp.CSS(`select[name=org_type]`), "kommun"),
		chromedp.SetValue(chromedp.CSS(`select[name=municipality]`), "Umeå"),
		chromedp.SendKeys(chromedp.CSS(`input[name=role]`), "Folkhälsostrateg"),
		chromedp.Click(chromedp.CSS(`input[name=mode][value=on_site]`)),
		chromedp.Click(chromedp.CSS(`input[type=radio][value="`+first.ID+`"]`)),
		chromedp.SendKeys(chromedp.CSS(`textarea[name=diet]`), "Vegetarisk"),
		chromedp.Click(chromedp.CSS(`input[name=privacy_accepted]`)),
	)
	screenshot(t, ctx, "2-form")
	submitted(t, ctx, "send", chromedp.Submit(chromedp.CSS(`input[name=first_name]`)))
	confirmation := get(t, ctx, "read confirmation", chromedp.Text(chromedp.CSS(`main`)))
	if !strings.Contains(confirmation, "Åsa") || !strings.Contains(strings.ToLower(confirmation), "bekräftad") {
		t.Fatalf("confirmation page: %q", confirmation)
	}
	screenshot(t, ctx, "3-confirmation")

	list, err := svc.deps.Registrations.List(storetest.Ctx(t), conf.event.ID, registration.ListFilter{})
	if err != nil || len(list) != 1 || list[0].LastName != "Öberg-Ŋuvttet" || list[0].Workshops[0].SessionID != first.ID {
		t.Fatalf("stored registration: %+v %v", list, err)
	}

	// The e-mail, through the real outbox and SMTP server.
	if _, err := svc.deps.Outbox.DeliverDue(storetest.Ctx(t)); err != nil {
		t.Fatal(err)
	}
	mails := svc.mail.WaitFor(t, 1, 0)
	mail := mails[0].Parse(t)
	link := manageLink.FindString(mail.Text)
	if link == "" || !strings.Contains(mail.Subject, "Folkhälsokonferensen") {
		t.Fatalf("confirmation e-mail %q without manage link:\n%s", mail.Subject, mail.Text)
	}

	do(t, ctx, "open the manage link", chromedp.Navigate(link), chromedp.WaitVisible(chromedp.CSS(`input[type=radio][value="`+second.ID+`"]`)))
	screenshot(t, ctx, "4-manage")
	do(t, ctx, "choose the other workshop", chromedp.Click(chromedp.CSS(`input[type=radio][value="`+second.ID+`"]`)))
	submitted(t, ctx, "change workshop", chromedp.Submit(chromedp.CSS(`input[type=radio][value="`+second.ID+`"]`)))
	screenshot(t, ctx, "5-changed")
	changed, err := svc.deps.Registrations.Registration(storetest.Ctx(t), list[0].ID)
	if err != nil || len(changed.Workshops) != 1 || changed.Workshops[0].SessionID != second.ID || changed.Workshops[0].Status != registration.StatusConfirmed {
		t.Fatalf("workshop after the change: %+v %v", changed.Workshops, err)
	}
	checkAccessibility(t, ctx, "manage page")
	do(t, ctx, "open the erasure page", chromedp.Navigate(link+"/erase"), chromedp.WaitVisible(chromedp.CSS(`main h1`)))
	checkAccessibility(t, ctx, "erase page")
	checkWidths(t, ctx, link+"/erase", "erase page")
	do(t, ctx, "back to the manage page", chromedp.Navigate(link), chromedp.WaitVisible(chromedp.CSS(`main h1`)))
	checkWidths(t, ctx, link, "manage page")
	do(t, ctx, "back to the manage page", chromedp.EmulateViewport(1280, 900), chromedp.Navigate(link), chromedp.WaitVisible(chromedp.CSS(`main h1`)))

	// The badge: from the manage page, and attached to the confirmation.
	badge := get(t, ctx, "download the badge", chromedp.Evaluate[string](`fetch(document.querySelector('a[href$="/badge.pdf"]').href).then(async r =>
		r.status + " " + r.headers.get("content-type") + " " + (await r.text()).slice(0, 5))`, chromedp.EvalAwaitPromise))
	if !strings.HasPrefix(badge, "200 application/pdf %PDF-") {
		t.Fatalf("badge download: %q", badge)
	}
	var attached []string
	for _, a := range mail.Attachments {
		attached = append(attached, a.Filename+" "+a.ContentType)
	}
	if joined := strings.Join(attached, ", "); !strings.Contains(joined, ".ics") || !strings.Contains(joined, ".pdf") {
		t.Errorf("the confirmation carries the calendar file and the badge, got %s", joined)
	}

	// The person takes part online instead: one button on the manage page.
	submitted(t, ctx, "switch to online", chromedp.Click(chromedp.CSS(`form.reg-mode button`)))
	do(t, ctx, "switched", chromedp.WaitVisible(chromedp.CSS(`.org-notice`)))
	switched, err := svc.deps.Registrations.Registration(storetest.Ctx(t), list[0].ID)
	if err != nil || switched.Mode != events.ModeDigital || switched.Status != registration.StatusConfirmed || len(switched.Workshops) != 0 {
		t.Fatalf("after the switch: %+v %v", switched, err)
	}
	if txt := get(t, ctx, "read the page", chromedp.Text(chromedp.CSS(`main`))); !strings.Contains(txt, "Ditt deltagande är ändrat") {
		t.Errorf("after the switch the page says:\n%s", txt)
	}
	checkAccessibility(t, ctx, "manage page after a switch")
}
