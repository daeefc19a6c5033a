package e2e

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"folkhalsa-events/accounts"
	"folkhalsa-events/events"
	"folkhalsa-events/platform/datastore/storetest"
	"folkhalsa-events/registration"
)

// The participant list of an event with ten questions of its own, at 1280 and 390
// pixels: no word in the table is broken across lines, every row's edit and cancel
// are in sight without scrolling sideways, and the page does not scroll sideways.
func TestParticipantTableWithTenQuestionsReads(t *testing.T) {
	svc := startService(t, beforeEvent)
	conf := publishConference(t, svc)
	ctx := storetest.Ctx(t)
	var qs []events.Question
	for i := range 8 {
		q, err := svc.deps.Events.AddQuestion(ctx, conf.event.ID, events.QuestionInput{Kind: "text",
			LabelSV: fmt.Sprintf("Fråga %d: vilka förväntningar har du på konferensdagarna?", i+1)})
		if err != nil {
			t.Fatal(err)
		}
		qs = append(qs, q)
	}
	ev, err := svc.deps.Events.Event(ctx, conf.event.ID)
	if err != nil {
		t.Fatal(err)
	}
	qs = ev.Questions // with the lunch and the days and meals: ten
	if len(qs) != 10 {
		t.Fatalf("%d questions", len(qs))
	}
	for i, name := range []string{"Kim", "Alva", "Jonatan"} {
		answers := map[string]registration.AnswerValue{}
		for _, q := range qs {
			switch q.Kind {
			case events.QuestionText:
				answers[q.ID] = registration.AnswerValue{"Samverkansöverenskommelser mellan kommunen och regionen om förebyggande arbete"}
			case events.QuestionChoice:
				answers[q.ID] = registration.AnswerValue{q.Options[1].ID}
			case events.QuestionCatering:
				answers[q.ID] = registration.AnswerValue{q.Options[0].ID, q.Options[1].ID, q.Options[2].ID}
			}
		}
		if _, err := svc.deps.Registrations.Register(ctx, conf.event.ID, registration.Input{FirstName: name, LastName: "Långnamnsdotter-Westerberg",
			Email: fmt.Sprintf("deltagare%d@skelleftea.example", i), Organisation: "Västerbottens läns landstingsförbund och kommunförbund",
			OrgType: "civilsamhalle", Municipality: "Skellefteå", Mode: "on_site", PrivacyOK: true, Answers: answers,
			Diet: "Vegetarisk kost utan nötter", Accessibility: "Behöver hörselslinga i alla lokaler"}, "sv"); err != nil {
			t.Fatal(err)
		}
	}
	a, err := svc.deps.Accounts.CreateAccount(ctx, accounts.NewAccount{Email: "anna.berg@lansstyrelsen.se", Password: "ett långt lösenord 1"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.deps.Accounts.AddMembership(ctx, a.ID, conf.org.ID, accounts.RoleAdmin); err != nil {
		t.Fatal(err)
	}
	b := browser(t)
	signIn(t, b, svc, "anna.berg@lansstyrelsen.se", "ett långt lösenord 1")
	page := "/organiser/events/" + conf.event.ID + "/participants"
	for _, width := range []int64{1280, 390} {
		do(t, b, fmt.Sprintf("participants at %d px", width), chromedp.EmulateViewport(width, 900),
			chromedp.Navigate(svc.base+page), chromedp.WaitVisible(chromedp.CSS(`#participants`)))
		problems := get(t, b, "measure the table", chromedp.Evaluate[[]string](participantTableProblems))
		screenshot(t, b, fmt.Sprintf("participants-%d", width))
		if len(problems) == 0 || problems[0] != "rows 3" {
			t.Fatalf("at %d px: %v", width, problems)
		}
		if len(problems) > 1 {
			screenshot(t, b, fmt.Sprintf("participants-%d", width))
			t.Errorf("at %d px:\n%s", width, strings.Join(problems[1:], "\n"))
		}
	}
	checkAccessibility(t, b, "participants with ten questions")
	checkWidths(t, b, svc.base+page, "participants with ten questions")
}

// participantTableProblems lists words the table breaks inside and actions out of
// sight; its first line counts the rows measured.
const participantTableProblems = `(() => {
	const out = [];
	const table = document.getElementById("participants");
	const rows = [...table.querySelectorAll("tbody tr.part-row")];
	out.push("rows " + rows.length);
	const walker = document.createTreeWalker(table.tBodies[0], NodeFilter.SHOW_TEXT);
	for (let n = walker.nextNode(); n; n = walker.nextNode()) {
		const el = n.parentElement;
		if (el.closest(".org-vh, .part-email")) continue; // hidden; addresses wrap anywhere
		const re = /[^\s\-\/]{2,}/g; // a hyphen or a slash is a place to wrap
		for (let m = re.exec(n.data); m; m = re.exec(n.data)) {
			const r = document.createRange();
			r.setStart(n, m.index);
			r.setEnd(n, m.index + m[0].length);
			const tops = new Set([...r.getClientRects()].filter(x => x.width > 0).map(x => Math.round(x.top)));
			if (tops.size > 1) out.push("word broken across lines: " + m[0]);
		}
	}
	const region = table.closest(".org-scroll").getBoundingClientRect();
	for (const row of rows) {
		for (const a of row.querySelectorAll(".part-actions a, .part-actions button")) {
			const r = a.getBoundingClientRect();
			if (r.width === 0 || r.right > Math.min(window.innerWidth, region.right) + 0.5 || r.left < region.left - 0.5) {
				out.push("out of sight: " + a.textContent.trim() + " (right " + Math.round(r.right) + " of " + Math.round(Math.min(window.innerWidth, region.right)) + ")");
			}
		}
	}
	return out;
})()`
