package followup

import (
	"sort"
	"strconv"

	"folkhalsa-events/events"
	"folkhalsa-events/platform/locale"
	"folkhalsa-events/registration"
)

// The tables' rows: who was not reached shows as much as who was. Every municipality
// of the organisation's county is listed, then those of other counties that were
// reached; every kind of organisation and every gender answer is listed; a last row
// holds those whose answer is not known, so that the rows add up to the total.

func unknown(lang string) string { return locale.T(lang, "followup.unknown") }

func municipalityTable(counts map[string]int, county string, min int, lang string) Table {
	var keys, labels, others []string
	inCounty := map[string]bool{}
	for _, m := range events.Municipalities() {
		if m.County == county {
			keys, labels = append(keys, m.Code), append(labels, m.Name)
			inCounty[m.Code] = true
		}
	}
	sortByLabel(keys, labels)
	for k := range counts {
		if !inCounty[k] && k != "" {
			others = append(others, k)
		}
	}
	otherLabels := make([]string, len(others))
	for i, k := range others {
		otherLabels[i] = municipalityName(k)
	}
	sortByLabel(others, otherLabels)
	keys, labels = append(keys, others...), append(labels, otherLabels...)
	if counts[""] > 0 {
		keys, labels = append(keys, ""), append(labels, unknown(lang))
	}
	t := table(keys, labels, counts, min)
	for i := range t.Rows {
		t.Rows[i].InCounty = inCounty[t.Rows[i].Key]
	}
	return t
}

func countyTable(counts map[string]int, county string, min int, lang string) Table {
	var keys, labels []string
	if county != "" {
		keys, labels = append(keys, county), append(labels, county)
	}
	var others []string
	for k := range counts {
		if k != county && k != "" {
			others = append(others, k)
		}
	}
	sortByLabel(others, others)
	keys, labels = append(keys, others...), append(labels, others...)
	if counts[""] > 0 {
		keys, labels = append(keys, ""), append(labels, unknown(lang))
	}
	return table(keys, labels, counts, min)
}

func orgTypeTable(counts map[string]int, min int, lang string) Table {
	var keys, labels []string
	known := map[string]bool{}
	for _, o := range registration.OrgTypes {
		keys, labels = append(keys, string(o.Value)), append(labels, o.Label.In(lang))
		known[string(o.Value)] = true
	}
	n := 0
	for k, c := range counts {
		if !known[k] {
			n += c
		}
	}
	if n > 0 {
		counts = copyCounts(counts)
		for k := range counts {
			if !known[k] && k != "" {
				counts[""] += counts[k]
				delete(counts, k)
			}
		}
		keys, labels = append(keys, ""), append(labels, unknown(lang))
	}
	return table(keys, labels, counts, min)
}

func genderTable(counts map[string]int, min int, lang string) Table {
	var keys, labels []string
	for _, g := range registration.Genders {
		if g.Value == "vill_inte_uppge" {
			continue // counted with those who did not answer
		}
		keys, labels = append(keys, string(g.Value)), append(labels, g.Label.In(lang))
	}
	keys, labels = append(keys, ""), append(labels, locale.T(lang, "followup.gender.none"))
	return table(keys, labels, counts, min)
}

func areaRows(held []EventRow, byEvent map[string]events.Event, reach map[int]int, priorityReach map[string]int, lang string) ([]AreaRow, []AreaRow) {
	areaEvents, priorityEvents := map[int]int{}, map[string]int{}
	for _, row := range held {
		ev := byEvent[row.ID]
		for _, a := range ev.TargetAreas {
			areaEvents[a]++
		}
		for _, p := range ev.PriorityAreas {
			priorityEvents[p]++
		}
	}
	areas := make([]AreaRow, 0, 8)
	for a := 1; a <= 8; a++ {
		areas = append(areas, AreaRow{Key: strconv.Itoa(a), Label: events.TargetAreaNames[a].In(lang), Events: areaEvents[a], Reached: reach[a]})
	}
	var priorities []AreaRow
	for p, n := range priorityEvents {
		priorities = append(priorities, AreaRow{Key: p, Label: events.PriorityAreaIn(p, lang), Events: n, Reached: priorityReach[p]})
	}
	sort.Slice(priorities, func(i, j int) bool {
		if priorities[i].Events != priorities[j].Events {
			return priorities[i].Events > priorities[j].Events
		}
		return events.CompareSwedish(priorities[i].Label, priorities[j].Label) < 0
	})
	return areas, priorities
}

// sortByLabel sorts keys and labels together by label, in Swedish order.
func sortByLabel(keys, labels []string) {
	idx := make([]int, len(keys))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return events.CompareSwedish(labels[idx[a]], labels[idx[b]]) < 0 })
	k, l := make([]string, len(keys)), make([]string, len(labels))
	for i, j := range idx {
		k[i], l[i] = keys[j], labels[j]
	}
	copy(keys, k)
	copy(labels, l)
}

func copyCounts(m map[string]int) map[string]int {
	out := make(map[string]int, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}
