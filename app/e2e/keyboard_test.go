package e2e

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"folkhalsa-events/platform/datastore/storetest"
	"folkhalsa-events/registration"
)

// focused describes the element that has the keyboard focus.
type focused struct {
	Tag, Type, Name, Value string
	Checked                bool
}

// The registration form can be completed with the keyboard alone: Tab moves through
// the fields in order, typing fills them, arrows choose among radio buttons, Space
// ticks boxes and Enter sends.
func TestRegistrationFormWithKeyboardOnly(t *testing.T) {
	svc := startService(t, beforeEvent)
	conf := publishConference(t, svc)
	ctx := browser(t)
	workshop := conf.workshops[1]
	typed := map[string]string{
		"first_name": "Ludvig", "last_name": "Ängström", "email": "ludvig.angstrom@skelleftea.se",
		"organisation": "Skellefteå kommun", "role": "Samordnare", "diet": "Laktosfri",
	}
	selects := map[string]string{"org_type": "Kommun", "municipality": "Skellefteå"}
	radios := map[string]string{"mode": "on_site", "workshop_1": workshop.ID}
	boxes := map[string]bool{"privacy_accepted": true}

	do(t, ctx, "open the form", chromedp.Navigate(svc.base+"/events/"+conf.event.ID+"/register?lang=sv"),
		chromedp.WaitVisible(chromedp.CSS(`input[name=first_name]`)))
	fillByKeyboard(t, ctx, keyboardForm{typed: typed, selects: selects, radios: radios, boxes: boxes})
	page := get(t, ctx, "read result", chromedp.Text(chromedp.CSS(`main`)))
	screenshot(t, ctx, "keyboard-sent")
	list, err := svc.deps.Registrations.List(storetest.Ctx(t), conf.event.ID, registration.ListFilter{})
	if err != nil || len(list) != 1 {
		t.Fatalf("after sending with the keyboard: %d registrations (%v); page says %q", len(list), err, page)
	}
	r := list[0]
	if r.LastName != "Ängström" || r.Municipality != "Skellefteå" || r.OrgType != "kommun" || r.Mode != "on_site" ||
		len(r.Workshops) != 1 || r.Workshops[0].SessionID != workshop.ID || r.Diet != "Laktosfri" {
		t.Fatalf("stored: %+v", r)
	}
	if !strings.Contains(page, "Ludvig") {
		t.Errorf("confirmation: %q", page)
	}
}

// keyboardForm is what fillByKeyboard enters: text by field name, a select's option
// by the text type-ahead finds it with, a radio group's value, and the boxes to tick
// (by name, or "name=value" where several share a name).
type keyboardForm struct {
	typed, selects, radios map[string]string
	boxes                  map[string]bool
}

// fillByKeyboard fills the open form with Tab, typing, arrows and Space only, and
// sends it with Enter on its submit button.
func fillByKeyboard(t *testing.T, ctx context.Context, form keyboardForm) {
	t.Helper()
	typed, selects, radios, boxes := form.typed, form.selects, form.radios, form.boxes
	visited := map[string]bool{}
	for range 160 {
		do(t, ctx, "tab", chromedp.KeyEvent(kb.Tab))
		raw := get(t, ctx, "read focus", chromedp.Evaluate[string](`JSON.stringify((e => ({
			Tag: e.tagName.toLowerCase(), Type: e.type || "", Name: e.name || "", Value: e.value || "", Checked: !!e.checked
		}))(document.activeElement))`))
		var f focused
		if err := json.Unmarshal([]byte(raw), &f); err != nil {
			t.Fatal(err)
		}
		switch {
		case f.Tag == "button" && f.Type == "submit":
			screenshot(t, ctx, "keyboard-filled")
			submitted(t, ctx, "send with Enter", chromedp.KeyEvent(kb.Enter))
			return
		case typed[f.Name] != "" && !visited[f.Name]:
			visited[f.Name] = true
			do(t, ctx, "type "+f.Name, chromedp.KeyEvent(typed[f.Name]))
		case selects[f.Name] != "" && !visited[f.Name]:
			visited[f.Name] = true
			// Type-ahead on a closed select picks the first option starting with the text.
			do(t, ctx, "choose "+f.Name, chromedp.KeyEvent(selects[f.Name]))
		case f.Type == "radio" && radios[f.Name] != "" && !visited[f.Name]:
			visited[f.Name] = true
			for range 6 {
				cur := get(t, ctx, "radio value", chromedp.Evaluate[string](`document.activeElement.value`))
				if cur == radios[f.Name] {
					do(t, ctx, "check "+f.Name, chromedp.KeyEvent(" "))
					break
				}
				do(t, ctx, "next option", chromedp.KeyEvent(kb.ArrowDown))
			}
		case f.Type == "checkbox" && (boxes[f.Name] || boxes[f.Name+"="+f.Value]) && !f.Checked:
			do(t, ctx, "tick "+f.Name, chromedp.KeyEvent(" "))
		}
	}
	t.Fatal("never reached the send button with Tab")
}

// A municipality's request for a visit can be sent with the keyboard alone.
func TestVisitRequestWithKeyboardOnly(t *testing.T) {
	svc := startService(t, beforeEvent)
	conf := publishConference(t, svc)
	ctx := browser(t)
	do(t, ctx, "open the form", chromedp.Navigate(svc.base+"/visit-request?lang=sv&org="+conf.org.ID),
		chromedp.WaitVisible(chromedp.CSS(`input[name=name]`)))
	fillByKeyboard(t, ctx, keyboardForm{
		typed:   map[string]string{"name": "Kim Lind", "role": "Folkhälsostrateg", "email": "kim.lind@umea.se", "period": "mars 2027", "message": "Vi vill prata om ANDTS."},
		selects: map[string]string{"municipality": "Umeå"},
		radios:  map[string]string{"kind": "visit"},
		boxes:   map[string]bool{"topics=pf:andts": true, "topics=ta:1": true},
	})
	page := get(t, ctx, "read result", chromedp.Text(chromedp.CSS(`main`)))
	reqs, err := svc.deps.Municipal.Requests(storetest.Ctx(t), conf.org.ID)
	if err != nil || len(reqs) != 1 {
		t.Fatalf("after sending with the keyboard: %d requests (%v); page says %q", len(reqs), err, page)
	}
	if r := reqs[0]; r.Code != "2480" || r.Kind != "visit" || len(r.Topics) != 2 || r.Email != "kim.lind@umea.se" || r.Message != "Vi vill prata om ANDTS." {
		t.Errorf("stored: %+v", r)
	}
	if !strings.Contains(page, "förfrågan är skickad") {
		t.Errorf("after sending: %q", page)
	}
}

// The accessibility statement's feedback reaches the operator when sent with the
// keyboard alone, and the page that thanks for it passes axe too.
func TestAccessibilityFeedbackWithKeyboardOnly(t *testing.T) {
	svc := startService(t, beforeEvent)
	ctx := browser(t)
	do(t, ctx, "open the statement", chromedp.Navigate(svc.base+"/accessibility?lang=sv&page=/events/x"),
		chromedp.WaitVisible(chromedp.CSS(`textarea[name=message]`)))
	fillByKeyboard(t, ctx, keyboardForm{typed: map[string]string{"message": "Knappen syns inte i högkontrast.", "email": "kim.lind@umea.se"}})
	page := get(t, ctx, "read result", chromedp.Text(chromedp.CSS(`main`)))
	if !strings.Contains(page, "Tack för din synpunkt") {
		t.Fatalf("after sending: %q", page)
	}
	checkAccessibility(t, ctx, "accessibility-sent")
	if _, err := svc.deps.Outbox.DeliverDue(storetest.Ctx(t)); err != nil {
		t.Fatal(err)
	}
	got := svc.mail.WaitFor(t, 1, 0)
	mail := got[0].Parse(t)
	if got[0].To[0] != svc.cfg.Operator.Email || !strings.Contains(mail.Header.Get("Reply-To"), "kim.lind@umea.se") ||
		!strings.Contains(mail.Text, "Knappen syns inte i högkontrast.") || !strings.Contains(mail.Text, "/events/x") {
		t.Fatalf("feedback mail to %v, reply-to %q:\n%s", got[0].To, mail.Header.Get("Reply-To"), mail.Text)
	}
}
