package e2e

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"context"

	"github.com/chromedp/chromedp"
)

//go:embed testdata/axe/axe.min.js
var axeSource string

type axeResult struct {
	Violations []struct {
		ID     string `json:"id"`
		Impact string `json:"impact"`
		Help   string `json:"help"`
		Nodes  []struct {
			Target         []any  `json:"target"`
			FailureSummary string `json:"failureSummary"`
		} `json:"nodes"`
	} `json:"violations"`
	Passes int `json:"passes"`
}

// axeFindings runs axe and returns the ids of the violated rules; the checker test
// below uses it to show that the check can fail.
func axeViolations(t *testing.T, ctx context.Context) []string {
	t.Helper()
	get[any](t, ctx, "inject axe", chromedp.Evaluate[any](axeSource+";undefined", chromedp.EvalIgnoreExceptions))
	raw := get[string](t, ctx, "run axe", chromedp.Evaluate[string](`axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}).then(r => JSON.stringify(r.violations.map(v => v.id)))`, chromedp.EvalAwaitPromise))
	var ids []string
	if err := json.Unmarshal([]byte(raw), &ids); err != nil {
		t.Fatal(err)
	}
	return ids
}

// checkAccessibility runs axe-core on the page the browser shows now, with the WCAG
// 2.0/2.1 A and AA rules, and fails the test with every violation.
func checkAccessibility(t *testing.T, ctx context.Context, page string) {
	t.Helper()
	get[any](t, ctx, "inject axe", chromedp.Evaluate[any](axeSource+";undefined", chromedp.EvalIgnoreExceptions))
	raw := get[string](t, ctx, "run axe "+page, chromedp.Evaluate[string](`axe.run(document, {
		runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
		resultTypes: ["violations"]
	}).then(r => JSON.stringify({violations: r.violations, passes: r.passes.length}))`, chromedp.EvalAwaitPromise))
	var res axeResult
	if err := json.Unmarshal([]byte(raw), &res); err != nil {
		t.Fatalf("axe result for %s: %v", page, err)
	}
	if res.Passes == 0 {
		t.Fatalf("%s: axe checked nothing", page)
	}
	if len(res.Violations) == 0 {
		return
	}
	var b strings.Builder
	for _, v := range res.Violations {
		fmt.Fprintf(&b, "\n  %s (%s): %s", v.ID, v.Impact, v.Help)
		for _, n := range v.Nodes {
			fmt.Fprintf(&b, "\n    %v: %s", n.Target, strings.ReplaceAll(n.FailureSummary, "\n", " "))
		}
	}
	screenshot(t, ctx, "axe-"+strings.NewReplacer("/", "_", "?", "_", "=", "_").Replace(page))
	t.Errorf("%s: %d accessibility violations (WCAG 2.1 AA):%s", page, len(res.Violations), b.String())
}

// checkWidths loads url at 320, 390 and 1280 pixels and fails where the page needs
// sideways scrolling, naming the widest elements (WCAG 1.4.10 reflow).
func checkWidths(t *testing.T, ctx context.Context, url, page string) {
	t.Helper()
	for _, width := range []int64{320, 390, 1280} {
		do(t, ctx, fmt.Sprintf("open %s at %d px", page, width), chromedp.EmulateViewport(width, 900), chromedp.Navigate(url))
		overflow := get(t, ctx, "measure width", chromedp.Evaluate[int](`document.documentElement.scrollWidth - document.documentElement.clientWidth`))
		if overflow <= 0 {
			continue
		}
		wide := get(t, ctx, "find wide elements", chromedp.Evaluate[string](`(() => {
			const name = el => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + (typeof el.className === "string" && el.className ? "." + el.className.trim().split(/\s+/).join(".") : "");
			const all = [...document.querySelectorAll("body *")]
				.filter(el => !(el.parentElement && el.parentElement.closest(".org-scroll")))
				.map(el => [name(el), Math.round(el.getBoundingClientRect().right), el.scrollWidth - el.clientWidth]);
			const byRight = [...all].sort((a, b) => b[1] - a[1]).slice(0, 5).map(x => x[0] + " → " + x[1]);
			const inner = all.filter(x => x[2] > 0 && x[0] !== "html").sort((a, b) => b[2] - a[2]).slice(0, 3).map(x => x[0] + " overflows by " + x[2]);
			// The deepest element without which nothing scrolls sideways.
			const fits = () => document.documentElement.scrollWidth <= document.documentElement.clientWidth;
			const culprit = root => {
				for (const child of root.children) {
					const was = child.style.display;
					child.style.display = "none";
					const found = fits();
					child.style.display = was;
					if (found) return culprit(child) || child;
				}
				return null;
			};
			const c = culprit(document.body);
			return (c ? "culprit " + name(c) + " (" + (c.textContent || "").trim().slice(0, 60) + "); " : "") + byRight.concat(inner).join("; ");
		})()`))
		screenshot(t, ctx, fmt.Sprintf("overflow-%d-%s", width, strings.NewReplacer("/", "_", "?", "_", "=", "_").Replace(page)))
		t.Errorf("%s at %d px scrolls sideways by %d px: %s", page, width, overflow, wide)
	}
}
