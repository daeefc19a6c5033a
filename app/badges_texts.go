package app

import (
	"html/template"
	"strings"
)

// badgeTexts are the texts of the badge, scanner-link and check-in pages (organiser)
// and of the scanner page (staff): key → {Swedish, English}.
var badgeTexts = map[string][2]string{
	// The section on the event overview (org_event.html) and the manage page.
	"badge.event.heading": {"Namnbrickor och incheckning", "Badges and check-in"},
	"badge.event.lead":    {"Skriv ut namnbrickor, skapa skannerlänkar för personalen vid entrén och följ ankomsterna.", "Print name badges, create scanner links for the staff at the door and follow the arrivals."},
	"badge.manage.link":   {"Din namnbricka (PDF)", "Your name badge (PDF)"},

	// Navigation between the pages.
	"badge.nav":         {"Namnbrickor och incheckning", "Badges and check-in"},
	"badge.nav.event":   {"Till evenemanget", "Back to the event"},
	"badge.nav.badges":  {"Namnbrickor", "Badges"},
	"badge.nav.links":   {"Skannerlänkar", "Scanner links"},
	"badge.nav.checkin": {"Incheckning", "Check-in"},

	// Scanner links.
	"badge.links.title":           {"Skannerlänkar", "Scanner links"},
	"badge.links.list":            {"Länkar", "Links"},
	"badge.links.caption":         {"Skannerlänkar, nyaste först", "Scanner links, newest first"},
	"badge.links.none":            {"Inga skannerlänkar än.", "No scanner links yet."},
	"badge.create.heading":        {"Ny skannerlänk", "New scanner link"},
	"badge.create.lead":           {"Personalen öppnar länken i mobilen eller datorn och checkar in deltagare utan att logga in. Skapa en länk per station, så syns var varje incheckning gjordes.", "Staff open the link on a phone or computer and check people in without signing in. Create one link per station, so each check-in shows where it was made."},
	"badge.create.submit":         {"Skapa länk", "Create link"},
	"badge.f.station":             {"Station", "Station"},
	"badge.f.station.hint":        {"Till exempel Entré A eller Workshop sal 3.", "For example Entrance A or Workshop room 3."},
	"badge.f.valid_from":          {"Gäller från", "Valid from"},
	"badge.f.valid_until":         {"Gäller till", "Valid until"},
	"badge.f.valid_until.hint":    {"Högst 14 dagar efter starten.", "At most 14 days after the start."},
	"badge.new.heading":           {"Skannerlänk för %s", "Scanner link for %s"},
	"badge.new.once":              {"Adressen visas bara nu. Skanna QR-koden med mobilen eller kopiera adressen och ge den till personalen. Tappas länken bort: återkalla den och skapa en ny.", "The address is shown only now. Scan the QR code with a phone or copy the address and give it to the staff. If the link is lost, revoke it and create a new one."},
	"badge.new.qr_alt":            {"QR-kod med adressen till skannern för %s", "QR code with the address of the scanner for %s"},
	"badge.new.url":               {"Adress:", "Address:"},
	"badge.new.valid":             {"Gäller", "Valid"},
	"badge.col.station":           {"Station", "Station"},
	"badge.col.valid":             {"Gäller", "Valid"},
	"badge.col.state":             {"Läge", "State"},
	"badge.col.created":           {"Skapad", "Created"},
	"badge.col.action":            {"Åtgärd", "Action"},
	"badge.state.active":          {"Aktiv", "Active"},
	"badge.state.pending":         {"Inte giltig än", "Not valid yet"},
	"badge.state.expired":         {"Har gått ut", "Expired"},
	"badge.state.revoked":         {"Återkallad", "Revoked"},
	"badge.revoke":                {"Återkalla", "Revoke"},
	"badge.notice.link-created":   {"Skannerlänken är skapad.", "The scanner link has been created."},
	"badge.notice.link-revoked":   {"Skannerlänken är återkallad och fungerar inte längre.", "The scanner link has been revoked and no longer works."},
	"badge.notice.category-saved": {"Kategorin är sparad.", "The category has been saved."},

	// Badges.
	"badge.print.title":    {"Namnbrickor", "Name badges"},
	"badge.print.heading":  {"Skriv ut", "Print"},
	"badge.print.total":    {"bekräftade deltagare på plats får namnbricka", "confirmed on-site participants get a badge"},
	"badge.print.printed":  {"har skrivits ut", "have been printed"},
	"badge.print.last":     {"senast", "last"},
	"badge.print.new":      {"har inte skrivits ut än", "have not been printed yet"},
	"badge.print.lead":     {"Utskriften sorteras på efternamn. Väntande, avbokade och digitala deltagare får ingen bricka. Varje utskrift sparas, så att du senare kan skriva ut bara de nya.", "The badges are sorted by last name. Waiting, cancelled and online participants get no badge. Every printout is recorded, so that later you can print only the new ones."},
	"badge.print.submit":   {"Hämta PDF för utskrift", "Get the PDF for printing"},
	"badge.f.layout":       {"Format", "Format"},
	"badge.layout.insert":  {"Insticksbrickor 90 × 55 mm, 10 per A4-ark", "Badge inserts 90 × 55 mm, 10 per A4 sheet"},
	"badge.layout.a6":      {"A6, 4 per A4-ark", "A6, 4 per A4 sheet"},
	"badge.f.only":         {"Urval", "Selection"},
	"badge.only.new":       {"Bara de som inte skrivits ut förut (%d)", "Only those not printed before (%d)"},
	"badge.f.category":     {"Kategori", "Category"},
	"badge.f.category_of":  {"Kategori för %s", "Category of %s"},
	"badge.category.all":   {"Alla kategorier", "All categories"},
	"badge.category.save":  {"Spara", "Save"},
	"badge.people.heading": {"Deltagare med namnbricka", "Participants with a badge"},
	"badge.people.lead":    {"Kategorin bestämmer brickans färg: deltagare blå, talare gul, arrangör grön, personal grå.", "The category decides the badge's colour: participant blue, speaker yellow, organiser green, staff grey."},
	"badge.people.caption": {"Bekräftade deltagare på plats, efter efternamn", "Confirmed on-site participants, by last name"},
	"badge.people.none":    {"Inga bekräftade deltagare på plats än.", "No confirmed on-site participants yet."},
	"badge.col.name":       {"Namn", "Name"},
	"badge.col.category":   {"Kategori", "Category"},
	"badge.col.printed":    {"Utskriven", "Printed"},
	"badge.col.badge":      {"Bricka", "Badge"},
	"badge.not_printed":    {"Inte utskriven", "Not printed"},
	"badge.single":         {"PDF", "PDF"},

	// The check-in dashboard.
	"chk.title":              {"Incheckning", "Check-in"},
	"chk.figures.heading":    {"Läget just nu", "The situation now"},
	"chk.updated":            {"Uppdaterad", "Updated"},
	"chk.auto":               {"Siffrorna uppdateras av sig själva var tionde sekund.", "The figures update by themselves every ten seconds."},
	"chk.noscript":           {"Ladda om sidan för att se de senaste siffrorna.", "Reload the page to see the latest figures."},
	"chk.checked_in":         {"Incheckade", "Checked in"},
	"chk.expected":           {"Väntas totalt", "Expected in all"},
	"chk.still_expected":     {"Väntas fortfarande", "Still expected"},
	"chk.categories":         {"Efter kategori", "By category"},
	"chk.workshops":          {"Workshoppar", "Workshops"},
	"chk.col.category":       {"Kategori", "Category"},
	"chk.col.workshop":       {"Workshop", "Workshop"},
	"chk.col.checked_in":     {"Incheckade", "Checked in"},
	"chk.col.expected":       {"Väntas", "Expected"},
	"chk.col.still_expected": {"Väntas fortfarande", "Still expected"},
	"chk.arrivals.heading":   {"Ankomster", "Arrivals"},
	"chk.arrivals.caption":   {"Incheckningar per kvart", "Check-ins per quarter hour"},
	"chk.arrivals.none":      {"Ingen har checkat in än.", "Nobody has checked in yet."},
	"chk.col.quarter":        {"Kvart", "Quarter hour"},
	"chk.col.arrivals":       {"Incheckningar", "Check-ins"},
	"chk.col.bar":            {"Stapel", "Bar"},
	"chk.search.heading":     {"Checka in manuellt", "Check in by hand"},
	"chk.search.lead":        {"Sök på namn eller organisation för att checka in någon utan bricka, eller för att ångra en incheckning.", "Search by name or organisation to check in someone without a badge, or to undo a check-in."},
	"chk.hits.caption":       {"Träffar för ”%s”", "Results for “%s”"},
	"chk.col.state":          {"Anmälan", "Registration"},
	"chk.col.checkin":        {"Incheckad", "Checked in"},
	"chk.undo":               {"Ångra incheckning", "Undo check-in"},
	"chk.notice.undone":      {"Incheckningen är ångrad.", "The check-in has been undone."},
	"chk.undos.heading":      {"Ångrade incheckningar", "Undone check-ins"},
	"chk.undos.caption":      {"De senaste ångrade incheckningarna, senaste först", "The latest undone check-ins, latest first"},
	"chk.undos.none":         {"Inga incheckningar har ångrats.", "No check-ins have been undone."},
	"chk.col.scope":          {"Gällde", "For"},
	"chk.col.undone":         {"Ångrad", "Undone"},
	"chk.col.by":             {"Av", "By"},
	"chk.col.was":            {"Incheckningen som ångrades", "The check-in undone"},
	"chk.by.organiser":       {"Arrangör", "Organiser"},

	// The scanner page (staff).
	"scan.title":              {"Incheckning", "Check-in"},
	"scan.counts.of":          {"av", "of"},
	"scan.counts.checked_in":  {"incheckade", "checked in"},
	"scan.scope.event":        {"Hela evenemanget", "The whole event"},
	"scan.result.heading":     {"Resultat", "Result"},
	"scan.ready":              {"Redo att skanna.", "Ready to scan."},
	"scan.code":               {"Brickans kod", "Badge code"},
	"scan.code.hint":          {"Skanna brickan med handskannern eller kameran, eller skriv koden och tryck Enter.", "Scan the badge with the handheld scanner or the camera, or type the code and press Enter."},
	"scan.submit":             {"Checka in", "Check in"},
	"scan.undo":               {"Ångra incheckningen", "Undo the check-in"},
	"scan.undone":             {"Incheckningen är ångrad.", "The check-in has been undone."},
	"scan.camera.start":       {"Starta kameran", "Start camera"},
	"scan.camera.stop":        {"Stoppa kameran", "Stop camera"},
	"scan.session.heading":    {"Vad checkar du in till?", "What are you checking in for?"},
	"scan.session.label":      {"Incheckning för", "Check-in for"},
	"scan.session.hint":       {"Välj en workshop för att checka in till just den. Bara de med plats i workshoppen släpps in.", "Choose a workshop to check in for that one. Only those with a seat in the workshop are let in."},
	"scan.session.unknown":    {"Passet finns inte bland evenemangets workshoppar. Välj igen.", "The session is not one of the event's workshops. Choose again."},
	"scan.session.submit":     {"Byt", "Change"},
	"scan.search.heading":     {"Sök deltagare", "Find a participant"},
	"scan.search.label":       {"Namn eller organisation", "Name or organisation"},
	"scan.search.submit":      {"Sök", "Search"},
	"scan.search.none":        {"Ingen träff.", "No match."},
	"scan.hit.check_in":       {"Checka in", "Check in"},
	"scan.hit.checked_in":     {"incheckad", "checked in"},
	"scan.state.confirmed":    {"Bekräftad", "Confirmed"},
	"scan.state.waiting":      {"På väntelistan", "On the waiting list"},
	"scan.state.cancelled":    {"Avbokad", "Cancelled"},
	"scan.state.digital":      {"Deltar digitalt", "Takes part online"},
	"scan.fact.category":      {"Kategori", "Category"},
	"scan.fact.diet":          {"Kost", "Diet"},
	"scan.fact.accessibility": {"Tillgänglighet", "Accessibility"},

	"scan.outcome.ok":                 {"Incheckad", "Checked in"},
	"scan.outcome.already_checked_in": {"Redan incheckad", "Already checked in"},
	"scan.outcome.waiting_list":       {"Står på väntelistan", "On the waiting list"},
	"scan.outcome.no_workshop_seat":   {"Ingen plats i workshoppen", "No seat in this workshop"},
	"scan.outcome.not_on_site":        {"Anmäld digitalt", "Registered online"},
	"scan.outcome.cancelled":          {"Avbokad", "Cancelled"},
	"scan.outcome.wrong_event":        {"Fel evenemang", "Wrong event"},
	"scan.outcome.invalid":            {"Ogiltig kod", "Invalid code"},
	"scan.msg.ok":                     {"%s är incheckad. Välkommen!", "%s is checked in. Welcome!"},
	"scan.msg.already_checked_in":     {"%s checkades in redan kl. %s vid %s.", "%s was already checked in at %s at %s."},
	"scan.msg.waiting_list":           {"Personen står på väntelistan och har ingen plats. Hänvisa till arrangören.", "This person is on the waiting list and has no seat. Refer them to the organiser."},
	"scan.msg.no_workshop_seat":       {"Personen har ingen bekräftad plats i den här workshoppen.", "This person has no confirmed seat in this workshop."},
	"scan.msg.not_on_site":            {"Personen är anmäld för att delta digitalt, inte på plats. Hänvisa till arrangören.", "This person is registered to take part online, not on site. Refer them to the organiser."},
	"scan.msg.cancelled":              {"Anmälan är avbokad. Hänvisa till arrangören.", "The registration is cancelled. Refer them to the organiser."},
	"scan.msg.wrong_event":            {"Brickan gäller ett annat evenemang.", "The badge is for another event."},
	"scan.msg.invalid":                {"Koden känns inte igen. Skanna igen, eller sök på namn.", "The code is not recognised. Scan again, or search by name."},

	"scan.js.offline":         {"Ingen kontakt med servern. Försök igen.", "No contact with the server. Try again."},
	"scan.js.camera_starting": {"Startar kameran …", "Starting the camera …"},
	"scan.js.camera_on":       {"Kameran är på. Håll brickans QR-kod framför den.", "The camera is on. Hold the badge's QR code in front of it."},
	"scan.js.camera_denied":   {"Kameran kunde inte startas. Tillåt kameran för sidan i webbläsaren, eller använd handskannern.", "The camera could not be started. Allow the camera for this page in the browser, or use the handheld scanner."},
	"scan.js.camera_none":     {"Ingen kamera hittades.", "No camera was found."},
	"scan.js.camera_insecure": {"Kameran kan bara användas över https.", "The camera can only be used over https."},
	"scan.js.searching":       {"Söker …", "Searching …"},
	"scan.js.search_short":    {"Skriv minst två bokstäver.", "Type at least two letters."},

	"scan.denied.heading.unknown": {"Skannerlänken finns inte", "The scanner link does not exist"},
	"scan.denied.heading.revoked": {"Skannerlänken är återkallad", "The scanner link has been revoked"},
	"scan.denied.heading.expired": {"Skannerlänken gäller inte nu", "The scanner link is not valid now"},
	"scan.denied.text.unknown":    {"Kontrollera att hela adressen kom med, eller be arrangören om en ny länk.", "Check that the whole address was copied, or ask the organiser for a new link."},
	"scan.denied.text.revoked":    {"Arrangören har stängt av den här länken. Be arrangören om en ny.", "The organiser has switched this link off. Ask the organiser for a new one."},
	"scan.denied.text.expired":    {"Länken gäller bara under den tid arrangören har valt. Be arrangören om en ny länk om du behöver checka in nu.", "The link is only valid during the time the organiser chose. Ask the organiser for a new link if you need to check people in now."},
}

func badgeHasText(key string) bool {
	_, ok := badgeTexts[key]
	return ok
}

// badgeNavLink is one link between the badge, scanner-link and check-in pages.
type badgeNavLink struct {
	Href, Label string
	Current     bool
}

var badgeFuncs = template.FuncMap{
	// scanNoIndex tells the layout which pages search engines must not index: the
	// scanner pages, whose address is a secret.
	"scanNoIndex": func(path string) bool { return strings.HasPrefix(path, "/scan/") },
	// badgeNav lists the links between the event's badge pages, marking the current one.
	"badgeNav": func(eventID, path, lang string) []badgeNavLink {
		base := orgEventPath(eventID)
		links := []badgeNavLink{{Href: base, Label: tr(lang, "badge.nav.event")}}
		for _, l := range []struct{ suffix, key string }{
			{"/badges", "badge.nav.badges"}, {"/scanner-links", "badge.nav.links"}, {"/checkin", "badge.nav.checkin"},
		} {
			links = append(links, badgeNavLink{Href: base + l.suffix, Label: tr(lang, l.key), Current: path == base+l.suffix})
		}
		return links
	},
}
