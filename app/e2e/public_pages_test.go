package e2e

import (
	"testing"

	"github.com/chromedp/chromedp"
)

// Every public page, in Swedish and English, has no WCAG 2.1 AA violations that axe finds.
func TestPublicPagesAreAccessible(t *testing.T) {
	svc := startService(t, beforeEvent)
	conf := publishConference(t, svc)
	ctx := browser(t)
	pages := []string{
		"/",
		"/?type=conference&county=V%C3%A4sterbottens+l%C3%A4n",
		"/events/" + conf.event.ID,
		"/events/" + conf.event.ID + "/register",
		"/events/" + conf.event.ID + "/register/resend",
		"/privacy",
		"/visit-request?org=" + conf.org.ID,
		"/accessibility",
		"/embed/events?org=" + conf.org.ID,
		"/no-such-page",
	}
	for _, lang := range []string{"sv", "en"} {
		for _, p := range pages {
			url := svc.base + p
			if lang == "en" {
				url += map[bool]string{true: "&", false: "?"}[containsQuery(p)] + "lang=en"
			}
			t.Run(lang+p, func(t *testing.T) {
				do(t, ctx, "open "+url, chromedp.EmulateViewport(1280, 900), chromedp.Navigate(url))
				checkAccessibility(t, ctx, lang+p)
				// 200 % zoom of a 1280-pixel window is a 640-pixel layout at scale 2:
				// nothing may need sideways scrolling.
				do(t, ctx, "zoom to 200 %", chromedp.EmulateViewport(640, 900, chromedp.EmulateScale(2)), chromedp.Navigate(url))
				overflow := get(t, ctx, "measure width", chromedp.Evaluate[int](`document.documentElement.scrollWidth - document.documentElement.clientWidth`))
				if overflow > 0 {
					screenshot(t, ctx, "zoom-overflow")
					t.Errorf("%s at 200 %% zoom scrolls sideways by %d px", p, overflow)
				}
				checkWidths(t, ctx, url, lang+p)
			})
		}
	}
	do(t, ctx, "open event", chromedp.Navigate(svc.base+"/events/"+conf.event.ID))
	screenshot(t, ctx, "event-page")
}

func containsQuery(p string) bool {
	for _, c := range p {
		if c == '?' {
			return true
		}
	}
	return false
}

// The accessibility check can fail: a page with an unlabelled field and an image
// without text is reported.
func TestAccessibilityCheckFindsProblems(t *testing.T) {
	svc := startService(t, beforeEvent)
	ctx := browser(t)
	do(t, ctx, "open start page", chromedp.Navigate(svc.base+"/"))
	get[any](t, ctx, "break the page", chromedp.Evaluate[any](`document.querySelector("main").insertAdjacentHTML("beforeend",
		'<input type="text"><img src="/static/none.png">'); undefined`))
	ids := axeViolations(t, ctx)
	want := map[string]bool{"label": false, "image-alt": false}
	for _, id := range ids {
		if _, ok := want[id]; ok {
			want[id] = true
		}
	}
	for id, found := range want {
		if !found {
			t.Errorf("axe did not report %s (got %v)", id, ids)
		}
	}
}
