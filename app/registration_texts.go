package app

import (
	"html/template"
	"strings"
)

// registrationTexts are the participant pages' interface texts (registration form,
// manage link, privacy notice): key → {Swedish, English}. A field label key with
// ".hint" appended is the field's hint (see regForm.Field).
var registrationTexts = map[string][2]string{
	// The call to action on the public event page (public_event.html).
	"reg.cta": {"Anmäl dig", "Register"},

	// Registration form.
	"reg.title":          {"Anmälan", "Registration"},
	"reg.heading":        {"Anmäl dig till %s", "Register for %s"},
	"reg.back":           {"Tillbaka till evenemanget", "Back to the event"},
	"reg.intro":          {"Fält märkta (obligatoriskt) måste fyllas i. Efter anmälan får du ett mejl med en personlig länk där du kan ändra eller avboka.", "Fields marked (required) must be filled in. After registering you get an e-mail with a personal link where you can change or cancel your registration."},
	"reg.closes":         {"Sista anmälningsdag", "Registration closes"},
	"reg.section.invite": {"Inbjudan", "Invitation"},
	"reg.section.you":    {"Om dig", "About you"},
	"reg.section.org":    {"Din organisation", "Your organisation"},
	"reg.section.mode":   {"Deltagande", "Participation"},
	"reg.section.work":   {"Workshoppar", "Workshops"},
	"reg.section.work.lead": {"Välj högst en workshop per tidpunkt. Antalet platser är begränsat i vissa workshoppar.",
		"Choose at most one workshop per time slot. Some workshops have a limited number of seats."},
	"reg.section.work.hybrid": {"Workshopparna hålls på plats. Välj dem bara om du deltar på plats.", "The workshops are held on site. Only choose them if you take part on site."},
	"reg.section.needs":       {"Mat och tillgänglighet", "Food and accessibility"},
	"reg.section.consent":     {"Deltagarlista, väntelista och personuppgifter", "Participant list, waiting list and personal data"},
	"reg.submit":              {"Skicka anmälan", "Send registration"},
	"reg.resend.offer":        {"Redan anmäld?", "Already registered?"},
	"reg.resend.offer.link":   {"Få länken till din anmälan igen", "Get the link to your registration again"},
	"reg.choose":              {"Välj …", "Choose …"},
	"reg.hp.label":            {"Lämna detta fält tomt", "Leave this field empty"},

	// Fields.
	"reg.f.invitation_code":         {"Inbjudningskod", "Invitation code"},
	"reg.f.invitation_code.hint":    {"Evenemanget är bara för inbjudna. Koden står i din inbjudan.", "The event is by invitation only. The code is in your invitation."},
	"reg.f.first_name":              {"Förnamn", "First name"},
	"reg.f.last_name":               {"Efternamn", "Last name"},
	"reg.f.email":                   {"E-postadress", "E-mail address"},
	"reg.f.email.hint":              {"Hit skickar vi bekräftelsen och din personliga länk.", "We send the confirmation and your personal link here."},
	"reg.f.gender":                  {"Kön (frivilligt)", "Gender (optional)"},
	"reg.f.gender.hint":             {"Uppgiften används bara för könsuppdelad statistik över vilka evenemanget når, aldrig på deltagarlistor eller namnbrickor.", "It is used only for gender-disaggregated statistics on whom the event reaches, never on participant lists or badges."},
	"reg.f.organisation":            {"Organisation", "Organisation"},
	"reg.f.organisation.hint":       {"Till exempel Umeå kommun eller Region Västerbotten.", "For example Umeå kommun or Region Västerbotten."},
	"reg.f.org_type":                {"Typ av organisation", "Type of organisation"},
	"reg.f.municipality":            {"Kommun", "Municipality"},
	"reg.f.municipality.hint":       {"Kommunen du arbetar i eller för. Kommunerna är ordnade efter län.", "The municipality you work in or for. The municipalities are grouped by county."},
	"reg.f.role":                    {"Roll eller titel", "Role or title"},
	"reg.f.role.hint":               {"Till exempel folkhälsostrateg.", "For example public health strategist."},
	"reg.f.mode":                    {"Hur deltar du?", "How will you take part?"},
	"reg.f.diet":                    {"Specialkost", "Dietary requirements"},
	"reg.f.diet.hint":               {"Till exempel vegetarisk, glutenfri eller allergier. Används bara för att beställa mat.", "For example vegetarian, gluten-free or allergies. Used only to order food."},
	"reg.f.accessibility":           {"Behov av tillgänglighet", "Accessibility needs"},
	"reg.f.accessibility.hint":      {"Till exempel hörslinga, plats för rullstol eller teckenspråkstolk.", "For example a hearing loop, a wheelchair space or a sign language interpreter."},
	"reg.f.list_consent":            {"Deltagarlista", "Participant list"},
	"reg.f.list_consent.option":     {"Mitt namn och min organisation får stå med på deltagarlistan som delas med andra deltagare.", "My name and organisation may appear on the participant list shared with other participants."},
	"reg.f.waitlist_ok":             {"Väntelista", "Waiting list"},
	"reg.f.waitlist_ok.option":      {"Om evenemanget eller en vald workshop är fullbokad vill jag stå på väntelistan och få en plats automatiskt om någon avbokar.", "If the event or a chosen workshop is fully booked, I want to join the waiting list and get a seat automatically if someone cancels."},
	"reg.f.privacy_accepted":        {"Personuppgifter", "Personal data"},
	"reg.f.privacy_accepted.option": {"Jag har läst hur mina personuppgifter behandlas och godkänner det.", "I have read how my personal data is handled and accept it."},
	"reg.privacy.before":            {"Läs om", "Read"},
	"reg.privacy.link":              {"hur vi behandlar dina personuppgifter", "how we handle your personal data"},
	"reg.workshop.none":             {"Ingen workshop vid den här tiden", "No workshop at this time"},
	"reg.workshop.room":             {"rum %s", "room %s"},
	"reg.workshop.seats":            {"%d platser", "%d seats"},

	// Problems.
	"reg.err.full": {"Evenemanget är fullbokat. Kryssa i rutan för väntelistan och skicka anmälan igen om du vill stå på väntelistan.",
		"The event is fully booked. Tick the waiting list box and send the registration again if you want to join the waiting list."},
	"reg.err.email":   {"Ange en giltig e-postadress, till exempel namn@kommun.se.", "Give a valid e-mail address, e.g. name@example.se."},
	"reg.err.confirm": {"Kryssa i rutan för att bekräfta att du vill avboka.", "Tick the box to confirm that you want to cancel."},

	// Registration not open.
	"reg.closed.heading":   {"Anmälan är stängd", "Registration is closed"},
	"reg.closed.cancelled": {"Evenemanget är inställt. Det går inte att anmäla sig.", "The event has been cancelled. Registration is not possible."},
	"reg.closed.started":   {"Evenemanget har redan börjat eller ägt rum. Det går inte längre att anmäla sig.", "The event has already started or taken place. Registration is no longer possible."},
	"reg.closed.not_yet":   {"Anmälan har inte öppnat ännu. Den öppnar %s kl. %s.", "Registration has not opened yet. It opens on %s at %s."},
	"reg.closed.closed":    {"Sista anmälningsdag har passerat. Anmälan stängde %s kl. %s.", "The registration deadline has passed. Registration closed on %s at %s."},
	"reg.closed.other":     {"Anmälan till evenemanget är inte öppen.", "Registration for the event is not open."},
	"reg.closed.contact":   {"Har du frågor, kontakta arrangören: %s.", "If you have questions, contact the organiser: %s."},

	// Already registered and resending the link.
	"reg.already.heading":  {"Du är redan anmäld", "You are already registered"},
	"reg.already.text":     {"Den här e-postadressen är redan anmäld till evenemanget. Vi kan skicka en ny länk till din anmälan, så att du kan se, ändra eller avboka den.", "This e-mail address is already registered for the event. We can send you a new link to your registration, so you can view, change or cancel it."},
	"reg.resend.heading":   {"Få länken till din anmälan", "Get the link to your registration"},
	"reg.resend.text":      {"Ange e-postadressen du anmälde dig med. Vi skickar en ny personlig länk dit. Tidigare länkar slutar då att gälla.", "Give the e-mail address you registered with. We will send a new personal link there. Earlier links then stop working."},
	"reg.resend.submit":    {"Skicka ny länk", "Send a new link"},
	"reg.resend.sent.head": {"Kolla din e-post", "Check your e-mail"},
	"reg.resend.sent":      {"Om adressen är anmäld till evenemanget har vi skickat en ny länk till den. Det kan ta några minuter innan mejlet kommer fram. Titta också i skräpposten.", "If the address is registered for the event, we have sent a new link to it. The e-mail may take a few minutes to arrive. Please also check your spam folder."},

	// Manage page.
	"reg.manage.title":           {"Din anmälan", "Your registration"},
	"reg.manage.welcome.ok":      {"Tack! Din plats är bekräftad.", "Thank you! Your seat is confirmed."},
	"reg.manage.welcome.ok.more": {"Vi har skickat en bekräftelse till %s. Spara mejlet: länken i det leder hit, där du kan ändra eller avboka.", "We have sent a confirmation to %s. Keep the e-mail: its link leads here, where you can change or cancel."},
	"reg.manage.welcome.wait":    {"Tack! Evenemanget är fullbokat och du står på väntelistan som nummer %d.", "Thank you! The event is fully booked and you are number %d on the waiting list."},
	"reg.manage.welcome.wait.more": {"Om en plats blir ledig får du den automatiskt och ett mejl till %s.",
		"If a seat becomes free it is yours automatically, and we will e-mail you at %s."},
	"reg.manage.notice.saved":     {"Dina ändringar är sparade.", "Your changes have been saved."},
	"reg.manage.notice.cancelled": {"Din anmälan är avbokad. Vi har skickat en bekräftelse på avbokningen.", "Your registration has been cancelled. We have sent a confirmation of the cancellation."},
	"reg.manage.private":          {"Sidan är personlig: dela inte länken.", "This page is personal: do not share its link."},
	"reg.manage.status":           {"Status", "Status"},
	"reg.manage.position":         {"Du står på väntelistan som nummer %d. Om en plats blir ledig får du den automatiskt och ett mejl.", "You are number %d on the waiting list. If a seat becomes free it is yours automatically and we will e-mail you."},
	"reg.manage.status.confirmed": {"Din plats är bekräftad.", "Your seat is confirmed."},
	"reg.manage.status.cancelled": {"Anmälan är avbokad. Vill du delta ändå kan du anmäla dig igen på evenemangets sida.", "The registration has been cancelled. If you want to take part after all, register again on the event's page."},
	"reg.manage.event_cancelled":  {"Evenemanget är inställt.", "The event has been cancelled."},
	"reg.manage.online":           {"Delta digitalt", "Join online"},
	"reg.manage.online.link":      {"Länk till det digitala mötet", "Link to the online meeting"},
	"reg.manage.event":            {"Evenemanget", "The event"},
	"reg.manage.when":             {"När", "When"},
	"reg.manage.where":            {"Var", "Where"},
	"reg.manage.organiser":        {"Arrangör", "Organiser"},
	"reg.manage.event_page":       {"Evenemangets sida", "The event's page"},
	"reg.manage.programme":        {"Programmet som PDF", "Programme as PDF"},
	"reg.manage.ics":              {"Lägg till i kalendern (.ics)", "Add to calendar (.ics)"},
	"reg.manage.details":          {"Dina uppgifter", "Your details"},
	"reg.manage.name":             {"Namn", "Name"},
	"reg.manage.email":            {"E-postadress", "E-mail address"},
	"reg.manage.email.note":       {"E-postadressen kan inte ändras. Vill du använda en annan adress: avboka och anmäl dig igen.", "The e-mail address cannot be changed. To use another address, cancel and register again."},
	"reg.manage.mode":             {"Deltagande", "Participation"},
	"reg.manage.list":             {"På deltagarlistan", "On the participant list"},
	"reg.manage.waitlist":         {"Väntelista godkänd", "Waiting list accepted"},
	"reg.manage.yes":              {"Ja", "Yes"},
	"reg.manage.no":               {"Nej", "No"},
	"reg.manage.none":             {"–", "–"},
	"reg.manage.workshops":        {"Dina workshoppar", "Your workshops"},
	"reg.manage.ws.confirmed":     {"plats bekräftad", "seat confirmed"},
	"reg.manage.ws.waiting":       {"väntelista", "waiting list"},
	"reg.manage.ws.pending":       {"bokas när du får en plats på evenemanget", "booked when you get a seat at the event"},
	"reg.manage.edit":             {"Ändra dina uppgifter", "Change your details"},
	"reg.manage.edit.lead":        {"Ändra det som behövs och spara. Byter du workshop lämnar du platsen i den gamla till nästa person.", "Change what you need and save. If you change workshop, your seat in the old one goes to the next person."},
	"reg.manage.save":             {"Spara ändringar", "Save changes"},
	"reg.manage.cancel":           {"Avboka", "Cancel registration"},
	"reg.manage.cancel.lead":      {"Kan du inte komma? Avboka så går platsen till någon på väntelistan.", "Cannot come? Cancel so that your seat goes to someone on the waiting list."},
	"reg.manage.cancel.confirm":   {"Bekräfta avbokning", "Confirm cancellation"},
	"reg.manage.cancel.option":    {"Ja, jag vill avboka min anmälan.", "Yes, I want to cancel my registration."},
	"reg.manage.cancel.submit":    {"Avboka anmälan", "Cancel registration"},
	"reg.manage.locked":           {"Anmälan kan inte längre ändras här: evenemanget har börjat eller är inställt. Kontakta arrangören om något behöver ändras.", "The registration can no longer be changed here: the event has started or has been cancelled. Contact the organiser if something needs changing."},

	// Privacy notice.
	"reg.privacy.title":     {"Så behandlar vi dina personuppgifter", "How we handle your personal data"},
	"reg.privacy.lead":      {"När du anmäler dig till ett evenemang behandlar arrangören dina personuppgifter. Här är vad som sparas, varför och hur länge.", "When you register for an event, the organiser handles your personal data. Here is what is stored, why and for how long."},
	"reg.privacy.what":      {"Vad vi sparar", "What we store"},
	"reg.privacy.what.text": {"Namn, e-postadress, organisation och typ av organisation, kommun, roll, hur du deltar, valda workshoppar, specialkost och behov av tillgänglighet om du anger dem, och kön om du väljer att uppge det. Vi sparar också när du anmälde dig och om du får stå med på deltagarlistan.", "Name, e-mail address, organisation and type of organisation, municipality, role, how you take part, chosen workshops, dietary requirements and accessibility needs if you give them, and gender if you choose to give it. We also store when you registered and whether you may appear on the participant list."},
	"reg.privacy.why":       {"Varför", "Why"},
	"reg.privacy.why.text": {"För att kunna genomföra evenemanget: hålla reda på platser och väntelista, skicka bekräftelser och information, beställa mat, ordna tillgänglighet och göra namnbrickor. Arrangören följer också upp vilka kommuner och typer av organisationer som nås. Kön används bara för könsuppdelad statistik och visas aldrig per person.",
		"To run the event: keep track of seats and the waiting list, send confirmations and information, order food, arrange accessibility and make badges. The organiser also follows up which municipalities and kinds of organisation are reached. Gender is used only for gender-disaggregated statistics and is never shown per person."},
	"reg.privacy.who":       {"Vem som ser uppgifterna", "Who sees the data"},
	"reg.privacy.who.text":  {"Arrangören av evenemanget. Andra deltagare ser bara ditt namn och din organisation, och bara om du har godkänt att stå med på deltagarlistan.", "The organiser of the event. Other participants only see your name and organisation, and only if you have agreed to appear on the participant list."},
	"reg.privacy.how_long":  {"Hur länge", "How long"},
	"reg.privacy.retention": {"Uppgifterna sparas som längst %d dagar efter evenemanget och raderas sedan.", "The data is kept for at most %d days after the event and then deleted."},
	"reg.privacy.rights":    {"Dina rättigheter", "Your rights"},
	"reg.privacy.rights.text": {"Med den personliga länken i ditt bekräftelsemejl kan du när som helst se, ändra och avboka din anmälan. Vill du veta mer, få ett utdrag eller få uppgifter raderade, kontakta arrangören av evenemanget. Arrangörens namn står på evenemangets sida och i mejlen du får.",
		"With the personal link in your confirmation e-mail you can view, change and cancel your registration at any time. To learn more, get a copy or have data deleted, contact the organiser of the event. The organiser's name is on the event's page and in the e-mails you receive."},
	"reg.privacy.organiser": {"Arrangör av %s: %s.", "Organiser of %s: %s."},
}

// registrationFuncs are template functions the participant pages need.
var registrationFuncs = template.FuncMap{
	// regNoIndex tells the layout which pages search engines must not index: the
	// manage pages, whose address is a secret.
	"regNoIndex": func(path string) bool { return strings.HasPrefix(path, "/manage/") },
}

func regHasText(key string) bool {
	_, ok := registrationTexts[key]
	return ok
}
