package app

import (
	"html/template"
	"strconv"
)

// participantTexts are the texts of the organiser's participant pages (list, follow-up,
// needs, invitations): key → {Swedish, English}. A label key with ".hint" appended is
// the field's hint (see partField).
var participantTexts = map[string][2]string{
	// The link block on the event overview (org_event.html).
	"part.event.heading": {"Deltagare och uppföljning", "Participants and follow-up"},
	"part.event.link":    {"Deltagare", "Participants"},

	// Participant list.
	"part.list.title":          {"Deltagare", "Participants"},
	"part.back_event":          {"Till evenemanget", "Back to the event"},
	"part.link.csv":            {"Ladda ner listan (CSV för Excel)", "Download the list (CSV for Excel)"},
	"part.link.csv_filtered":   {"Ladda ner urvalet (CSV för Excel)", "Download the selection (CSV for Excel)"},
	"part.link.needs":          {"Kost och tillgänglighet (för catering och lokal)", "Dietary and accessibility needs (for the caterer and the venue)"},
	"part.link.invitations":    {"Inbjudningskoder", "Invitation codes"},
	"part.nav":                 {"Deltagarsidor", "Participant pages"},
	"part.counts.heading":      {"Antal och platser", "Numbers and seats"},
	"part.counts.status":       {"Anmälningar efter status", "Registrations by status"},
	"part.counts.seats":        {"Platser efter sätt att delta", "Seats by way of taking part"},
	"part.counts.workshops":    {"Workshoppar med platsbokning", "Workshops with seat booking"},
	"part.counts.confirmed":    {"Bekräftade", "Confirmed"},
	"part.counts.waiting":      {"På väntelistan", "On the waiting list"},
	"part.counts.cancelled":    {"Avbokade", "Cancelled"},
	"part.counts.active":       {"Anmälda totalt (bekräftade och väntande)", "Registered in all (confirmed and waiting)"},
	"part.waiting.heading":     {"Väntelista", "Waiting list"},
	"part.waiting.text":        {"%d står på väntelistan. När en plats blir ledig flyttas den som står först upp automatiskt. Har du lagt till platser kan du fylla dem direkt.", "%d are on the waiting list. When a seat becomes free, the first in line moves up automatically. If you have added seats you can fill them right away."},
	"part.waiting.none":        {"Ingen står på väntelistan.", "Nobody is on the waiting list."},
	"part.waiting.draft":       {"Platser fylls från väntelistan bara när evenemanget är publicerat.", "Seats are filled from the waiting list only while the event is published."},
	"part.action.promote":      {"Fyll lediga platser från väntelistan", "Fill free seats from the waiting list"},
	"part.list.registrations":  {"Anmälningar", "Registrations"},
	"part.filter.label":        {"Filtrera anmälningarna", "Filter the registrations"},
	"part.f.status":            {"Status", "Status"},
	"part.f.mode":              {"Sätt att delta", "Way of taking part"},
	"part.f.municipality":      {"Kommun", "Municipality"},
	"part.f.org_type":          {"Typ av organisation", "Type of organisation"},
	"part.f.all":               {"Alla", "All"},
	"part.action.filter":       {"Visa urvalet", "Show the selection"},
	"part.action.clear":        {"Visa alla", "Show all"},
	"part.list.showing":        {"Visar %d av %d anmälningar.", "Showing %d of %d registrations."},
	"part.list.caption":        {"Anmälda deltagare", "Registered participants"},
	"part.list.empty":          {"Inga anmälningar ännu.", "No registrations yet."},
	"part.list.none_match":     {"Inga anmälningar matchar urvalet.", "No registrations match the selection."},
	"part.row.position":        {"plats %d i kön", "number %d in line"},
	"part.row.diet":            {"Specialkost:", "Diet:"},
	"part.row.access":          {"Tillgänglighet:", "Accessibility:"},
	"part.row.none":            {"–", "–"},
	"part.ws.waiting":          {"(väntelista)", "(waiting list)"},
	"part.action.cancel":       {"Avboka", "Cancel"},
	"part.col.name":            {"Namn", "Name"},
	"part.col.organisation":    {"Organisation", "Organisation"},
	"part.col.org_type":        {"Typ av organisation", "Type of organisation"},
	"part.col.municipality":    {"Kommun", "Municipality"},
	"part.col.county":          {"Län", "County"},
	"part.col.mode":            {"Deltagande", "Participation"},
	"part.col.status":          {"Status", "Status"},
	"part.col.workshops":       {"Workshoppar", "Workshops"},
	"part.col.needs":           {"Kost och tillgänglighet", "Diet and accessibility"},
	"part.col.action":          {"Åtgärd", "Action"},
	"part.col.count":           {"Antal", "Number"},
	"part.col.share":           {"Andel", "Share"},
	"part.col.confirmed":       {"Bekräftade", "Confirmed"},
	"part.col.waiting":         {"Väntelista", "Waiting list"},
	"part.col.seats_left":      {"Platser kvar", "Seats left"},
	"part.col.workshop":        {"Workshop", "Workshop"},
	"part.col.gender":          {"Kön", "Gender"},
	"part.col.diet":            {"Specialkost", "Dietary requirement"},
	"part.col.code":            {"Kod", "Code"},
	"part.col.used":            {"Använd", "Used"},
	"part.col.note":            {"Anteckning", "Note"},
	"part.col.created":         {"Skapad", "Created"},
	"part.unlimited":           {"obegränsat", "no limit"},
	"part.unknown":             {"Okänd", "Unknown"},
	"part.reach.heading":       {"Vilka vi nådde", "Whom we reached"},
	"part.reach.lead":          {"Statistiken räknar de %d som är bekräftade eller står på väntelistan. Avbokade räknas inte.", "The statistics count the %d who are confirmed or on the waiting list. Cancelled registrations are not counted."},
	"part.reach.none":          {"Det finns inga anmälningar att räkna ännu.", "There are no registrations to count yet."},
	"part.reach.municipality":  {"Per kommun", "By municipality"},
	"part.reach.county":        {"Per län", "By county"},
	"part.reach.org_type":      {"Per typ av organisation", "By type of organisation"},
	"part.reach.gender":        {"Per kön, bland dem som svarade", "By gender, among those who answered"},
	"part.reach.gender_note":   {"Frågan om kön var frivillig. %d av %d har svarat, och andelarna räknas bara på dem som svarade.", "The question about gender was optional. %d of %d answered, and the shares count only those who answered."},
	"part.reach.gender_none":   {"Frågan om kön var frivillig, och ingen har svarat på den.", "The question about gender was optional, and nobody has answered it."},
	"part.confirm.heading":     {"Vill du avboka anmälan för %s?", "Do you want to cancel the registration of %s?"},
	"part.confirm.text":        {"%s får ett e-postmeddelande om att anmälan är avbokad. Platsen går till den som står först på väntelistan. Det går inte att ångra.", "%s gets an e-mail saying that the registration is cancelled. The seat goes to the first in line on the waiting list. This cannot be undone."},
	"part.confirm.button":      {"Ja, avboka anmälan", "Yes, cancel the registration"},
	"part.notice.cancelled":    {"Anmälan är avbokad. Lediga platser har gått till väntelistan.", "The registration has been cancelled. Free seats have gone to the waiting list."},
	"part.notice.already":      {"Anmälan var redan avbokad.", "The registration was already cancelled."},
	"part.notice.promoted":     {"Lediga platser är fyllda från väntelistan.", "Free seats have been filled from the waiting list."},
	"part.notice.code-created": {"Inbjudningskoden %s är skapad.", "The invitation code %s has been created."},

	// Needs (caterer and venue).
	"part.needs.title":       {"Kost och tillgänglighet", "Dietary and accessibility needs"},
	"part.needs.lead":        {"Sammanställning för catering och lokal. Den gäller bekräftade deltagare på plats och visar inga namn.", "A summary for the caterer and the venue. It covers confirmed participants on site and shows no names."},
	"part.needs.compiled":    {"Sammanställd %s.", "Compiled %s."},
	"part.needs.on_site":     {"Bekräftade deltagare på plats", "Confirmed participants on site"},
	"part.needs.print":       {"Skriv ut sidan med webbläsarens utskriftsfunktion (Ctrl+P eller ⌘+P). Sidhuvud och länkar kommer inte med på utskriften.", "Print the page with the browser's print function (Ctrl+P or ⌘+P). The page header and links are left out of the printout."},
	"part.needs.diets":       {"Specialkost", "Dietary requirements"},
	"part.needs.diets_cap":   {"Specialkost och antal deltagare", "Dietary requirements and number of participants"},
	"part.needs.diets_hint":  {"Samma kost skriven på olika sätt (till exempel Vegetarisk och vegetarisk) räknas tillsammans.", "The same diet written in different ways (for example Vegetarian and vegetarian) is counted together."},
	"part.needs.no_diet":     {"Utan specialkost", "No dietary requirement"},
	"part.needs.diets_none":  {"Ingen har angett specialkost.", "Nobody has given a dietary requirement."},
	"part.needs.access":      {"Tillgänglighetsbehov", "Accessibility needs"},
	"part.needs.access_none": {"Ingen har angett tillgänglighetsbehov.", "Nobody has given accessibility needs."},
	"part.needs.digital":     {"Evenemanget är digitalt, så det finns inga deltagare på plats.", "The event is online only, so there are no participants on site."},

	// Invitation codes.
	"part.inv.title":          {"Inbjudningskoder", "Invitation codes"},
	"part.inv.invite_only":    {"Evenemanget är endast för inbjudna: den som anmäler sig behöver en giltig kod.", "The event is by invitation only: whoever registers needs a valid code."},
	"part.inv.public":         {"Evenemanget är offentligt, så ingen kod behövs för att anmäla sig. Koderna gäller först om evenemanget görs endast för inbjudna.", "The event is public, so no code is needed to register. The codes apply only once the event is made invitation only."},
	"part.inv.new":            {"Skapa en kod", "Create a code"},
	"part.inv.list":           {"Koder", "Codes"},
	"part.inv.caption":        {"Inbjudningskoder och hur många gånger de har använts", "Invitation codes and how many times they have been used"},
	"part.inv.none":           {"Inga koder ännu.", "No codes yet."},
	"part.inv.used_of":        {"%d av %d", "%d of %d"},
	"part.inv.used_unlimited": {"%d (obegränsat)", "%d (no limit)"},
	"part.inv.used_up":        {"förbrukad", "used up"},
	"part.inv.cancelled":      {"Evenemanget är inställt, så inga nya koder kan skapas.", "The event is cancelled, so no new codes can be created."},
	"part.f.uses":             {"Hur många gånger får koden användas?", "How many times may the code be used?"},
	"part.uses.single":        {"En gång (engångskod till en person)", "Once (a single-use code for one person)"},
	"part.uses.multi":         {"Flera gånger (ange antal nedan)", "Several times (give the number below)"},
	"part.uses.unlimited":     {"Obegränsat (till exempel till en hel förvaltning)", "No limit (for example for a whole department)"},
	"part.f.max_uses":         {"Antal gånger", "Number of times"},
	"part.f.max_uses.hint":    {"Bara när koden får användas flera gånger: ett heltal från 2 till 10000.", "Only when the code may be used several times: a whole number from 2 to 10000."},
	"part.f.note":             {"Anteckning", "Note"},
	"part.f.note.hint":        {"Syns bara för arrangörer, till exempel Skellefteå kommunledning.", "Shown to organisers only, for example Skellefteå municipal leadership."},
	"part.action.create_code": {"Skapa koden", "Create the code"},
	"part.err.uses":           {"Välj hur många gånger koden får användas.", "Choose how many times the code may be used."},
	"part.err.max_uses":       {"Ange hur många gånger koden får användas, ett heltal från 2 till 10000.", "Give how many times the code may be used, a whole number from 2 to 10000."},

	// Problems with the list's filters (also the API's query parameters).
	"part.err.status":       {"Okänd status. Välj bekräftad, väntelista eller avbokad.", "Unknown status. Choose confirmed, waiting list or cancelled."},
	"part.err.mode":         {"Okänt sätt att delta. Välj på plats eller digitalt.", "Unknown way of taking part. Choose on site or online."},
	"part.err.municipality": {"Okänd kommun. Välj en av Sveriges 290 kommuner.", "Unknown municipality. Choose one of Sweden's 290 municipalities."},
	"part.err.org_type":     {"Okänd typ av organisation.", "Unknown type of organisation."},
}

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
