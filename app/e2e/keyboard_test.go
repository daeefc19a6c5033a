package e2e

import (
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
	selects := map[string]string{"org_type": "kommun", "municipality": "Skellefteå"}
	radios := map[string]string{"mode": "on_site", "workshop_1": workshop.ID}
	boxes := map[string]bool{"privacy_accepted": true}

	do(t, ctx, "open the form", chromedp.Navigate(svc.base+"/events/"+conf.event.ID+"/register?lang=sv"),
		chromedp.WaitVisible(chromedp.CSS(`input[name=first_name]`)))
	visited := map[string]bool{}
	for range 120 {
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
			goto sent
		case typed[f.Name] != "" && !visited[f.Name]:
			visited[f.Name] = true
			do(t, ctx, "type "+f.Name, chromedp.KeyEvent(typed[f.Name]))
		case selects[f.Name] != "" && !visited[f.Name]:
			visited[f.Name] = true
			// Type-ahead on a closed select picks the first option starting with the text.
			label := map[string]string{"kommun": "Kommun"}[selects[f.Name]]
			if label == "" {
				label = selects[f.Name]
			}
			do(t, ctx, "choose "+f.Name, chromedp.KeyEvent(label))
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
		case f.Type == "checkbox" && boxes[f.Name] && !f.Checked:
			do(t, ctx, "tick "+f.Name, chromedp.KeyEvent(" "))
		}
	}
	t.Fatal("never reached the send button with Tab")
sent:
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
