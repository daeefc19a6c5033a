package app

import (
	"net/url"
	"sort"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"folkhalsa-events/municipal"
)

// The county overview's filters and sort, read from the query: the page, the JSON and
// the CSV and PDF exports show the same rows in the same order.

type munQuery struct {
	Step, Phase string // "" all, "0" none set, "1"… a step or phase
	Actions     string // "" all, "open": with open actions, "overdue": with overdue ones
	Sort, Dir   string // a column of munSorts; "asc" or "desc"
}

var munSorts = []string{"name", "step", "phase", "latest", "actions", "reached"}

func readMunQuery(c *fiber.Ctx) munQuery {
	q := munQuery{Sort: "name", Dir: "asc"}
	within := func(v string, max int) string {
		if n, err := strconv.Atoi(v); err == nil && n >= 0 && n <= max {
			return v
		}
		return ""
	}
	q.Step, q.Phase = within(c.Query("step"), len(municipal.Steps)), within(c.Query("phase"), len(municipal.Phases))
	if a := c.Query("actions"); a == "open" || a == "overdue" {
		q.Actions = a
	}
	for _, s := range munSorts {
		if c.Query("sort") == s {
			q.Sort = s
		}
	}
	if c.Query("dir") == "desc" {
		q.Dir = "desc"
	}
	return q
}

// encode is the query as a URL query string (without "?").
func (q munQuery) encode() string {
	v := url.Values{}
	for k, val := range map[string]string{"step": q.Step, "phase": q.Phase, "actions": q.Actions} {
		if val != "" {
			v.Set(k, val)
		}
	}
	if q.Sort != "name" || q.Dir != "asc" {
		v.Set("sort", q.Sort)
		v.Set("dir", q.Dir)
	}
	return v.Encode()
}

// apply filters and sorts rows (kept in Swedish order among equals).
func (q munQuery) apply(rows []munRow) []munRow {
	out := []munRow{}
	for _, r := range rows {
		if q.Step != "" && strconv.Itoa(r.Step()) != q.Step || q.Phase != "" && strconv.Itoa(r.Phase()) != q.Phase ||
			q.Actions == "open" && r.Open == 0 || q.Actions == "overdue" && r.Overdue == 0 {
			continue
		}
		out = append(out, r)
	}
	// A figure hidden by the small-cell rule sorts as one value with the other hidden
	// ones, between 0 and the smallest shown: the order must not tell what it hides.
	reached := func(r munRow) float64 {
		if r.Reached.Suppressed {
			return 0.5
		}
		return float64(r.Reached.N)
	}
	key := map[string]func(a, b munRow) int{
		"step":    func(a, b munRow) int { return a.Step() - b.Step() },
		"phase":   func(a, b munRow) int { return a.Phase() - b.Phase() },
		"latest":  func(a, b munRow) int { return compareStrings(a.Latest, b.Latest) },
		"actions": func(a, b munRow) int { return (a.Overdue*1000 + a.Open) - (b.Overdue*1000 + b.Open) },
		"reached": func(a, b munRow) int {
			x, y := reached(a), reached(b)
			switch {
			case x < y:
				return -1
			case x > y:
				return 1
			}
			return 0
		},
	}[q.Sort]
	if q.Sort == "name" && q.Dir == "desc" {
		for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
			out[i], out[j] = out[j], out[i]
		}
	}
	if key != nil {
		sort.SliceStable(out, func(i, j int) bool {
			if q.Dir == "desc" {
				return key(out[i], out[j]) > 0
			}
			return key(out[i], out[j]) < 0
		})
	}
	return out
}

func compareStrings(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// munSortLink is a column heading that sorts by it.
type munSortLink struct {
	Key, Label, Href string
	AriaSort         string // "ascending", "descending" or "" for the column not sorted by
}

func (q munQuery) sortLinks(lang, path string) []munSortLink {
	labels := map[string]string{"name": "mun.col.municipality", "step": "mun.col.step", "phase": "mun.col.phase",
		"latest": "mun.col.latest", "actions": "mun.col.actions", "reached": "mun.col.reached"}
	var out []munSortLink
	for _, k := range munSorts {
		next := q
		next.Sort, next.Dir = k, "asc"
		if k != "name" {
			next.Dir = "desc" // the most first
		}
		l := munSortLink{Key: k, Label: tr(lang, labels[k])}
		if q.Sort == k {
			l.AriaSort = map[string]string{"asc": "ascending", "desc": "descending"}[q.Dir]
			next.Dir = map[string]string{"asc": "desc", "desc": "asc"}[q.Dir]
		}
		l.Href = path + "?" + next.encode()
		if next.encode() == "" {
			l.Href = path
		}
		out = append(out, l)
	}
	return out
}

// munFilterForm is the overview's filter form (GET).
type munFilterForm struct {
	webForm
	Q munQuery
}

func newMunFilterForm(lang, path string, q munQuery) munFilterForm {
	return munFilterForm{webForm: newWebForm(lang, path), Q: q}
}

func (f munFilterForm) Fields() []webField {
	numbered := func(name, label string, keys []string, value string) webField {
		opts := []webOption{{Value: "", Label: tr(f.Lang, "mun.filter.all")}, {Value: "0", Label: tr(f.Lang, "mun.filter.none_set")}}
		for i, k := range keys {
			opts = append(opts, webOption{Value: strconv.Itoa(i + 1), Label: strconv.Itoa(i+1) + ". " + tr(f.Lang, k)})
		}
		return f.selectOne(name, label, value, opts)
	}
	steps, phases := make([]string, len(municipal.Steps)), make([]string, len(municipal.Phases))
	for i, k := range municipal.Steps {
		steps[i] = string(k)
	}
	for i, k := range municipal.Phases {
		phases[i] = string(k)
	}
	return []webField{
		numbered("step", "mun.col.step", steps, f.Q.Step),
		numbered("phase", "mun.col.phase", phases, f.Q.Phase),
		f.selectOne("actions", "mun.col.actions", f.Q.Actions, []webOption{{Value: "", Label: tr(f.Lang, "mun.filter.all")},
			{Value: "open", Label: tr(f.Lang, "mun.filter.open")}, {Value: "overdue", Label: tr(f.Lang, "mun.filter.overdue")}}),
	}
}

// munOverviewRows are the overview's rows as the exports write them.
func munOverviewRows(rows []munRow, min int, lang string) []municipal.OverviewRow {
	out := make([]municipal.OverviewRow, len(rows))
	for i, r := range rows {
		out[i] = municipal.OverviewRow{Code: r.Code, Name: r.Name, Step: r.StepLabel, Phase: r.PhaseLabel, Latest: r.Latest,
			Open: r.Open, Overdue: r.Overdue, Agreements: len(r.Agreements), Reached: r.Reached.Text(min), Events: r.Events}
	}
	return out
}
