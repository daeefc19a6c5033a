package app

import (
	"html/template"
	"strconv"
)

// participantFuncs are template functions of the participant pages.
var participantFuncs = template.FuncMap{
	// partSeats shows a number of seats left, where -1 means no limit.
	"partSeats": func(n int, lang string) string {
		if n < 0 {
			return tr(lang, "part.unlimited")
		}
		return strconv.Itoa(n)
	},
	// partStat gathers what the "part-stat" table of org_participants.html shows.
	"partStat": func(id, caption, column string, rows []partStatRow, p page) partStatTable {
		return partStatTable{ID: id, Caption: caption, Column: column, Rows: rows, Page: p}
	},
}

// partStatTable is one statistics table: a row per value with its count and share.
type partStatTable struct {
	ID, Caption, Column string
	Rows                []partStatRow
	Page                page
}
