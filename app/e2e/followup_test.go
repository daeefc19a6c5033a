package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"folkhalsa-events/accounts"
	"folkhalsa-events/platform/datastore/storetest"
	"folkhalsa-events/registration"
)

// The follow-up's bar charts, with their longest labels ("Civilsamhälle/idéburen
// organisation", "Har inte svarat eller vill inte uppge"), in both languages at 320
// and 1280 pixels: no label, bar or value overlaps another, nothing runs out of its
// chart, the page passes axe and does not scroll sideways.
func TestFollowUpChartsDoNotOverlap(t *testing.T) {
	svc := startService(t, beforeEvent)
	conf := publishConference(t, svc)
	ctx := storetest.Ctx(t)
	kinds := []string{"civilsamhalle", "statlig_myndighet", "kommun", "naringsliv", "universitet"}
	genders := []string{"", "vill_inte_uppge", "kvinna", "man", "annat"}
	for i := range 24 {
		if _, err := svc.deps.Registrations.Register(ctx, conf.event.ID, registration.Input{FirstName: "Deltagare", LastName: fmt.Sprint(i),
			Email: fmt.Sprintf("d%d@example.se", i), Organisation: "Organisationen", OrgType: kinds[i%len(kinds)],
			Municipality: []string{"Umeå", "Skellefteå", "Vilhelmina", "Upplands Väsby"}[i%4], Gender: genders[i%len(genders)],
			Mode: "digital", PrivacyOK: true}, "sv"); err != nil {
			t.Fatal(err)
		}
	}
	svc.setClock(conf.event.End.Add(24 * time.Hour)) // held: it counts
	a, err := svc.deps.Accounts.CreateAccount(ctx, accounts.NewAccount{Email: "anna.berg@lansstyrelsen.se", Password: "ett långt lösenord 1"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.deps.Accounts.AddMembership(ctx, a.ID, conf.org.ID, accounts.RoleAdmin); err != nil {
		t.Fatal(err)
	}
	b := browser(t)
	signIn(t, b, svc, "anna.berg@lansstyrelsen.se", "ett långt lösenord 1")
	for _, lang := range []string{"sv", "en"} {
		page := "/organiser/organisations/" + conf.org.ID + "/followup?lang=" + lang
		for _, width := range []int64{320, 1280} {
			do(t, b, fmt.Sprintf("follow-up (%s) at %d px", lang, width), chromedp.EmulateViewport(width, 900),
				chromedp.Navigate(svc.base+page), chromedp.WaitVisible(chromedp.CSS(`svg.followup-chart`)))
			report := get(t, b, "measure the charts", chromedp.Evaluate[[]string](chartOverlaps))
			if len(report) == 0 || !strings.HasPrefix(report[0], "charts ") || report[0] == "charts 0" {
				t.Fatalf("%s at %d px: no charts measured: %v", lang, width, report)
			}
			if len(report) > 1 {
				screenshot(t, b, fmt.Sprintf("chart-%s-%d", lang, width))
				t.Errorf("%s at %d px: %s", lang, width, strings.Join(report[1:], "; "))
			}
		}
		checkAccessibility(t, b, "follow-up "+lang)
		checkWidths(t, b, svc.base+page, "follow-up "+lang)
	}
	body := get(t, b, "page text", chromedp.Text(chromedp.CSS(`main`)))
	for _, want := range []string{"Civil society", "Did not answer or preferred not to say"} {
		if !strings.Contains(body, want) {
			t.Errorf("the English page lacks %q", want)
		}
	}
}

// chartOverlaps measures every bar chart of the page: its first line counts the
// charts, each further line is a label, bar or value that overlaps another or leaves
// its chart.
const chartOverlaps = `(() => {
	const out = [];
	const charts = [...document.querySelectorAll("svg.followup-chart")];
	out.push("charts " + charts.length);
	for (const svg of charts) {
		const box = svg.getBoundingClientRect();
		const parts = [...svg.querySelectorAll("text, rect")].map(el => ({el, r: el.getBoundingClientRect(), what: el.tagName + " " + (el.textContent || el.getAttribute("width"))}));
		for (const p of parts) {
			if (p.r.left < box.left - 0.5 || p.r.right > box.right + 0.5 || p.r.top < box.top - 0.5 || p.r.bottom > box.bottom + 0.5) {
				out.push(svg.id + ": " + p.what + " leaves the chart");
			}
		}
		for (let i = 0; i < parts.length; i++) {
			for (let j = i + 1; j < parts.length; j++) {
				const a = parts[i].r, b = parts[j].r;
				const w = Math.min(a.right, b.right) - Math.max(a.left, b.left), h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
				if (w > 0.5 && h > 0.5) out.push(svg.id + ": " + parts[i].what + " overlaps " + parts[j].what);
			}
		}
	}
	return out;
})()`

// signIn signs in through the sign-in form.
func signIn(t *testing.T, b context.Context, svc *service, email, password string) {
	t.Helper()
	do(t, b, "sign in", chromedp.Navigate(svc.base+"/organiser/sign-in"), chromedp.WaitVisible(chromedp.CSS(`#email`)),
		chromedp.SendKeys(chromedp.CSS(`#email`), email),
		chromedp.SendKeys(chromedp.CSS(`#password`), password),
		chromedp.Submit(chromedp.CSS(`#password`)),
		chromedp.WaitVisible(chromedp.CSS(`.account-nav`)))
}
