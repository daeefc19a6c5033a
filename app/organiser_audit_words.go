package app

import (
	"strings"

	"folkhalsa-events/accounts"
	"folkhalsa-events/events"
)

// The audit log in words: "anna.berg@lansstyrelsen.se publicerade Folkhälsodagen
// 2027" rather than a route and a status code. Each (method, route) an organiser
// can take is one sentence in the catalogue (auth.audit.say.*); a route without one
// is said by its kind of action. The route and status stay in the stored entry.

// auditSays names the sentence of each route, without its /organiser or /api/v1
// prefix; the same route through the pages and the API reads the same.
var auditSays = map[string]string{
	"POST /events":                                  "created_event",
	"POST /organisations/:org/events":               "created_event",
	"POST /events/:id":                              "changed_event",
	"PUT /events/:id":                               "changed_event",
	"POST /events/:id/delete":                       "deleted_event",
	"DELETE /events/:id":                            "deleted_event",
	"POST /events/:id/duplicate":                    "duplicated_event",
	"POST /events/:id/copy-programme":               "copied_programme",
	"POST /events/:id/programme/copy":               "copied_programme",
	"POST /events/:id/sessions":                     "added_session",
	"POST /events/:id/sessions/:sid":                "changed_session",
	"PUT /events/:id/sessions/:sid":                 "changed_session",
	"POST /events/:id/sessions/:sid/delete":         "removed_session",
	"DELETE /events/:id/sessions/:sid":              "removed_session",
	"POST /events/:id/questions":                    "added_question",
	"POST /events/:id/questions/:qid":               "changed_question",
	"PUT /events/:id/questions/:qid":                "changed_question",
	"POST /events/:id/questions/:qid/move":          "changed_question",
	"POST /events/:id/questions/:qid/delete":        "removed_question",
	"DELETE /events/:id/questions/:qid":             "removed_question",
	"GET /events/:id/participants":                  "viewed_participants",
	"GET /events/:id/registrations":                 "viewed_participants",
	"GET /events/:id/participants.csv":              "exported_participants",
	"GET /events/:id/registrations.csv":             "exported_participants",
	"POST /events/:id/participants/add":             "added_person",
	"POST /events/:id/registrations":                "added_person",
	"POST /events/:id/participants/:rid/cancel":     "cancelled_registration",
	"POST /events/:id/participants/:rid":            "changed_registration",
	"POST /events/:id/participants/:rid/attendance": "marked_attendance",
	"PUT /events/:id/registrations/:rid":            "changed_registration",
	"GET /events/:id/participants/:rid/edit":        "viewed_registration",
	"POST /events/:id/registrations/:rid/cancel":    "cancelled_registration",
	"POST /events/:id/participants/promote":         "promoted",
	"POST /events/:id/notify":                       "notified",
	"POST /events/:id/messages":                     "sent_message",
	"POST /events/:id/messages/new":                 "message_",
	"GET /events/:id/messages/:mid":                 "viewed_message",
	"POST /events/:id/registrations/:rid/category":  "changed_category",
	"GET /events/:id/registrations/:rid/badge.pdf":  "printed_badge",
	"POST /events/:id/status":                       "status_",

	"GET /organisations/:org/municipalities/:code":                       "viewed_municipality",
	"POST /organisations/:org/municipalities/:code/contacts":             "added_contact",
	"POST /organisations/:org/municipalities/:code/contacts/:cid/delete": "removed_contact",
	"DELETE /organisations/:org/municipalities/:code/contacts/:cid":      "removed_contact",
	"POST /organisations/:org/municipalities/:code/agreements":           "added_agreement",
	"POST /organisations/:org/municipalities/:code/visits":               "recorded_visit",
	"POST /organisations/:org/municipalities/:code/visits/:vid":          "changed_visit",
	"PUT /organisations/:org/municipalities/:code/visits/:vid":           "changed_visit",
	"POST /organisations/:org/municipalities/:code/actions":              "added_action",
	"POST /organisations/:org/municipalities/:code/actions/:aid/done":    "completed_action",
	"POST /organisations/:org/municipalities/:code/actions/:aid/reopen":  "reopened_action",
	"POST /organisations/:org/municipalities/:code/:what":                "set_path",
	"GET /organisations/:org/visit-requests":                             "viewed_requests",
	"GET /organisations/:org/visit-requests/:rid":                        "viewed_request",
	"POST /organisations/:org/visit-requests/:rid/answers":               "answered_request",
	"POST /organisations/:org/visit-requests/:rid/plan":                  "planned_request",
	"POST /organisations/:org/visit-requests/:rid/close":                 "closed_request",
	"POST /organisations/:org/visit-requests/:rid/reopen":                "reopened_request",
	"POST /organisations/:org/webhooks":                                  "added_webhook",
	"POST /organisations/:org/webhooks/:wid/test":                        "tested_webhook",
	"POST /organisations/:org/webhooks/:wid/delete":                      "removed_webhook",
	"POST /organisations/:org/data-requests":                             "privacy_searched",
	"POST /organisations/:org/data-requests/export":                      "privacy_exported",
	"POST /organisations/:org/data-requests/erase":                       "privacy_erased",
}

// auditSentence is the entry in words; title is its event's, if it names one.
func auditSentence(e accounts.AuditEntry, title, lang string) string {
	route := strings.TrimPrefix(strings.TrimPrefix(e.Route, orgRoot), "/api/v1")
	key, ok := auditSays[e.Method+" "+route]
	if ok && strings.HasSuffix(key, "_") {
		key += e.Detail // status_published, message_send …
	}
	if title == "" {
		title = auditSubject(e, lang)
	}
	text := ""
	if ok && orgHasText("auth.audit.say."+key) {
		text = tr(lang, "auth.audit.say."+key, e.Actor, title)
	} else {
		text = tr(lang, "auth.audit.say.other", e.Actor, strings.ToLower(tr(lang, "auth.audit.action."+e.Action)))
	}
	switch {
	case e.Status == 401 || e.Status == 403 || e.Status == 404:
		text += " – " + tr(lang, "auth.audit.say.refused")
	case e.Status >= 500:
		text += " – " + tr(lang, "auth.audit.say.failed")
	case e.Status >= 400:
		text += " – " + tr(lang, "auth.audit.say.rejected")
	}
	return text
}

// auditSubject names what an entry without an event is about: a municipality, a
// request, or else an event.
func auditSubject(e accounts.AuditEntry, lang string) string {
	if m, ok := events.LookupMunicipality(e.Params["code"]); ok && e.Params["code"] != "" {
		return m.Name
	}
	switch {
	case strings.HasSuffix(e.Route, "/data-requests") || strings.Contains(e.Route, "/data-requests/"):
		if e.Detail != "" {
			return e.Detail // the masked address
		}
		return tr(lang, "auth.audit.say.an_address")
	case strings.Contains(e.Route, "/webhooks"):
		return tr(lang, "auth.audit.say.a_webhook")
	case strings.Contains(e.Route, "/visit-requests/:rid"):
		return tr(lang, "auth.audit.say.a_request")
	case strings.HasSuffix(e.Route, "/visit-requests"):
		return tr(lang, "auth.audit.say.the_requests")
	}
	return tr(lang, "auth.audit.say.an_event")
}
