// Package followup is the organiser's follow-up across events: whom an organisation
// reached over a period (a year by default), by municipality, county, kind of
// organisation and gender, with the small-cell rule that keeps figures from
// describing individuals. It reads events, registrations and check-ins through their
// packages' Go APIs, a few reads per report, and owns one collection: the figures of
// events long over (summaries.go).
package followup

import (
	"encoding/json"
	"strconv"
)

// The small-cell rule. Any count from 1 to MinCell-1 of people is shown as "< MinCell"
// (primary suppression). A table shows its total, so a single hidden cell could be
// computed back as the total minus the others; whenever a table hides exactly one
// cell, the smallest other non-zero cell is hidden too (secondary suppression). That
// cell is not small, so it is never labelled "< 3": it shows "..", as Statistics
// Sweden marks a figure withheld. A zero is shown: that nobody came from a
// municipality describes nobody. Folkhälsomyndigheten withholds counts under three
// the same way.

// DefaultMinCell is the smallest count shown when none is configured.
const DefaultMinCell = 3

// Cell is one figure about people: a count, or hidden by the small-cell rule.
type Cell struct {
	N          int
	Suppressed bool
	// Secondary: hidden although not small, so that a small figure beside it
	// cannot be computed back from the total.
	Secondary bool
}

// Why a cell is hidden, as the JSON names it.
const (
	ReasonSmall     = "small"     // from 1 to MinCell-1: "< 3"
	ReasonSecondary = "secondary" // hidden to protect a small one: ".."
)

// Withheld is how pages and exports show a cell hidden to protect another.
const Withheld = ".."

// Reason is why the cell is hidden: ReasonSmall, ReasonSecondary, or "" when shown.
func (c Cell) Reason() string {
	switch {
	case !c.Suppressed:
		return ""
	case c.Secondary:
		return ReasonSecondary
	}
	return ReasonSmall
}

// MarshalJSON writes a count as a number and a hidden one as
// {"suppressed": true, "reason": "small"} or {…, "reason": "secondary"}.
func (c Cell) MarshalJSON() ([]byte, error) {
	if c.Suppressed {
		return []byte(`{"suppressed":true,"reason":"` + c.Reason() + `"}`), nil
	}
	return json.Marshal(c.N)
}

// Text is the figure as a page or an export shows it: "12", "< 3" for a small
// figure, ".." for one hidden to protect a small one.
func (c Cell) Text(min int) string {
	switch {
	case c.Secondary && c.Suppressed:
		return Withheld
	case c.Suppressed:
		return "< " + strconv.Itoa(min)
	}
	return strconv.Itoa(c.N)
}

// protect applies the small-cell rule to one table: its rows' counts and their total
// (which must be their sum).
func protect(counts []int, min int) (cells []Cell, total Cell) {
	sum := 0
	cells = make([]Cell, len(counts))
	for i, n := range counts {
		sum += n
		cells[i] = Cell{N: n, Suppressed: n > 0 && n < min}
	}
	total = Cell{N: sum, Suppressed: sum > 0 && sum < min}
	if total.Suppressed {
		for i := range cells {
			cells[i].Suppressed = cells[i].N > 0
		}
		return cells, total
	}
	hidden := 0
	for _, c := range cells {
		if c.Suppressed {
			hidden++
		}
	}
	if hidden != 1 {
		return cells, total
	}
	// One hidden cell and a known total: hide the smallest other non-zero count too.
	next := -1
	for i, c := range cells {
		if !c.Suppressed && c.N > 0 && (next < 0 || c.N < cells[next].N) {
			next = i
		}
	}
	if next >= 0 {
		cells[next].Suppressed, cells[next].Secondary = true, true
	}
	return cells, total
}

// NewTable is a table about people under the small-cell rule: one row per key, in the
// given order, with its label; counts of keys not listed are left out (and so from
// the total).
func NewTable(keys, labels []string, counts map[string]int, min int) Table {
	if min < 2 {
		min = DefaultMinCell
	}
	return table(keys, labels, counts, min)
}
