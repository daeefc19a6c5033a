package e2e

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// hostSite is another web site (another origin) whose page includes the script
// snippet, as a county board's site would.
func hostSite(t *testing.T, page *string) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, *page)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// The county board's site shows the organisation's upcoming events with the script
// snippet: Chromium loads the list into an iframe, which the site may frame
// (EMBED_FRAME_ANCESTORS) and which grows to the list's height; a site not in the
// allow-list gets no list.
func TestEmbeddedListInAnotherSitesIframe(t *testing.T) {
	var page string
	allowed, denied := hostSite(t, &page), hostSite(t, &page)
	svc := startService(t, beforeEvent, "EMBED_FRAME_ANCESTORS", allowed.URL)
	conf := publishConference(t, svc)
	page = `<!DOCTYPE html><html lang="sv"><head><meta charset="utf-8"><title>Länsstyrelsen</title></head><body><main><h1>Kalender</h1>
<div data-folkhalsa-events data-org="` + conf.org.ID + `" data-lang="sv" data-title="Kommande evenemang"><a href="` + svc.base + `/">Evenemang</a></div>
<script src="` + svc.base + `/embed.js" async></script>
<script>window.heights = []; addEventListener("message", function (e) { if (e.data && e.data.folkhalsaEmbedHeight) { window.heights.push(e.data.folkhalsaEmbedHeight); } });</script>
</main></body></html>`
	ctx := browser(t)

	do(t, ctx, "open the county board's page", chromedp.Navigate(allowed.URL), chromedp.WaitVisible(chromedp.CSS(`iframe`)))
	src := get(t, ctx, "iframe src", chromedp.Evaluate[string](`document.querySelector("iframe").src`))
	if !strings.HasPrefix(src, svc.base+"/embed/events?") || !strings.Contains(src, "org="+conf.org.ID) {
		t.Fatalf("iframe src %q", src)
	}
	// The list tells the page its height, and the script sizes the iframe to it.
	var height string
	for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
		height = get(t, ctx, "iframe height", chromedp.Evaluate[string](`window.heights.length ? document.querySelector("iframe").style.height : ""`))
		if height != "" && height != "480px" {
			break
		}
	}
	if height == "" || height == "480px" {
		screenshot(t, ctx, "embed-not-sized")
		t.Fatalf("the iframe was never sized by the list (height %q)", height)
	}
	frames := get(t, ctx, "find the iframe", chromedp.Nodes(chromedp.CSS(`iframe`)))
	title := get(t, ctx, "read the list", chromedp.Text(chromedp.CSS(`.embed-list h2 a`), chromedp.FromNode(frames[0])))
	if !strings.Contains(title, "Folkhälsokonferensen 2026") {
		t.Fatalf("the list in the iframe shows %q", title)
	}
	target := get(t, ctx, "link target", chromedp.Evaluate[string](`document.querySelector("iframe").contentDocument ? "" : "cross-origin"`))
	if target != "cross-origin" {
		t.Error("the list's document is reachable from the host page: not another origin")
	}
	screenshot(t, ctx, "embed-allowed")

	// A site not in the allow-list: the browser refuses to show the list.
	do(t, ctx, "open another site's page", chromedp.Navigate(denied.URL), chromedp.WaitVisible(chromedp.CSS(`iframe`)))
	time.Sleep(2 * time.Second)
	if n := get(t, ctx, "messages", chromedp.Evaluate[int](`window.heights.length`)); n != 0 {
		t.Fatalf("a site not in EMBED_FRAME_ANCESTORS got the list (%d height messages)", n)
	}
	screenshot(t, ctx, "embed-denied")
}
