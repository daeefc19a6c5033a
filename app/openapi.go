package app

import (
	"encoding/json"
	"net/http"
	"regexp"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/gofiber/fiber/v2"

	"folkhalsa-events/accounts"
	"folkhalsa-events/evaluation"
	"folkhalsa-events/events"
	"folkhalsa-events/followup"
	"folkhalsa-events/municipal"
	"folkhalsa-events/registration"
	"folkhalsa-events/webhooks"
)

// GET /api/v1/openapi.json: the OpenAPI 3.1 description of the JSON API. Every route
// of the table below is checked against the real answers of the tests
// (openapi_test.go), and every /api/v1 route of the app must be in it.

// apiOp is one operation: its route as Fiber writes it, and what it answers.
type apiOp struct {
	method, path, tag, summary string
	body                       any            // a Go value whose type is the JSON body, or nil
	answers                    map[int]answer // by status; errors are the shared error body
}

// answer is a response: a JSON schema, or another content type ("text/csv").
type answer struct {
	schema      func(sc *schemas) *openapi3.SchemaRef
	contentType string
	noBody      bool
}

func ok(f func(sc *schemas) *openapi3.SchemaRef) answer { return answer{schema: f} }

// of answers a Go type's schema.
func of(v any) answer { return ok(func(sc *schemas) *openapi3.SchemaRef { return sc.of(v) }) }

// fields answers a closed object of these properties ("?name": optional).
func fields(props map[string]any) answer {
	return ok(func(sc *schemas) *openapi3.SchemaRef { return sc.obj(props) })
}

var noContent = answer{noBody: true}

// listOf is a closed-over array schema for use inside fields.
type listOf struct{ v any }

func one(status int, a answer) map[int]answer { return map[int]answer{status: a} }

const (
	tagPublic       = "Public"
	tagParticipants = "Participants"
	tagDoor         = "Check-in at the door"
	tagOrganisers   = "Organisers"
	tagEvents       = "Events and agendas"
	tagPeople       = "Registrations"
	tagMunicipal    = "Municipalities"
	tagFollowUp     = "Follow-up"
)

var apiOps = []apiOp{
	{"GET", "/api/v1/public/events", tagPublic, "Upcoming public events, filtered as the public list", nil,
		one(200, fields(map[string]any{"events": listOf{publicEvent{}}, "total": 0, "limit": 0, "offset": 0}))},
	{"GET", "/api/v1/public/events/{id}", tagPublic, "A published event and its agenda", nil,
		one(200, fields(map[string]any{"event": publicEvent{}, "sessions": listOf{events.Session{}}}))},
	{"POST", "/api/v1/public/events/{id}/registrations", tagParticipants, "Register (the registration form as JSON)", registration.Input{},
		one(201, fields(map[string]any{"registration": regPublic{}, "status": registration.Status(""), "position": 0, "manage_url": ""}))},
	{"POST", "/api/v1/public/events/{id}/registrations/resend", tagParticipants, "Mail the personal link again", map[string]string{},
		one(202, fields(map[string]any{"message": ""}))},
	{"POST", "/api/v1/public/visit-requests", tagPublic, "A municipality asks for a visit or a training", visitRequestInput{},
		one(201, fields(map[string]any{"request": requestReceiptJSON{}}))},

	{"POST", "/api/v1/scan/{token}", tagDoor, "Check in a scanned badge", scanAPIInput{}, one(200, of(scanView{}))},
	{"GET", "/api/v1/scan/{token}/search", tagDoor, "Find people by name, for those without a badge", nil,
		one(200, fields(map[string]any{"hits": listOf{scanHit{}}, "min_length": 0}))},
	{"POST", "/api/v1/scan/{token}/manual", tagDoor, "Check in someone found by search", checkinInput{}, one(200, of(scanView{}))},
	{"POST", "/api/v1/scan/{token}/undo", tagDoor, "Undo a check-in", checkinInput{},
		one(200, fields(map[string]any{"undone": true, "registration_id": "", "session_id": "", "message": "", "checked_in": 0, "expected": 0}))},
	{"GET", "/api/v1/scan/{token}/stats", tagDoor, "Checked in and expected at this station", nil, one(200, of(scanStats{}))},

	{"GET", "/api/v1/session", tagOrganisers, "Who is signed in, and the CSRF token", nil,
		one(200, fields(map[string]any{"email": "", "operator": true, "memberships": listOf{accounts.Membership{}}, "?csrf_token": ""}))},
	{"GET", "/api/v1/audit", tagOrganisers, "The audit log of the organisations", nil, one(200, fields(map[string]any{"entries": listOf{accounts.AuditEntry{}}}))},
	{"GET", "/api/v1/organisations", tagOrganisers, "The organisations the caller manages", nil, one(200, fields(map[string]any{"organisations": listOf{events.Organisation{}}}))},
	{"POST", "/api/v1/organisations", tagOrganisers, "Create an organisation (operators)", events.OrganisationInput{}, one(201, of(events.Organisation{}))},
	{"PUT", "/api/v1/organisations/{org}", tagOrganisers, "Change an organisation's details", events.OrganisationInput{}, one(200, of(events.Organisation{}))},
	{"POST", "/api/v1/organisations/{org}/events", tagEvents, "Create an event", events.EventInput{}, one(201, of(events.Event{}))},
	{"POST", "/api/v1/organisations/{org}/series", tagEvents, "Create a recurring series", events.SeriesInput{}, one(201, of(events.Series{}))},
	{"GET", "/api/v1/events", tagEvents, "The organisations' events", nil, one(200, of(events.EventPage{}))},
	{"GET", "/api/v1/events/{id}", tagEvents, "An event and its agenda", nil, one(200, fields(map[string]any{"event": events.Event{}, "sessions": listOf{events.Session{}}}))},
	{"PUT", "/api/v1/events/{id}", tagEvents, "Change an event (notify: tell the registered)", events.EventInput{},
		one(200, ok(func(sc *schemas) *openapi3.SchemaRef {
			return openapi3.NewSchemaRef("", openapi3.NewOneOfSchema(sc.of(events.Event{}).Value, sc.obj(map[string]any{"event": events.Event{}, "notified": 0}).Value))
		}))},
	{"DELETE", "/api/v1/events/{id}", tagEvents, "Delete a draft", nil, one(204, noContent)},
	{"POST", "/api/v1/events/{id}/status", tagEvents, "Publish, unpublish or cancel", map[string]any{},
		one(200, ok(func(sc *schemas) *openapi3.SchemaRef {
			return openapi3.NewSchemaRef("", openapi3.NewOneOfSchema(sc.of(events.Event{}).Value, sc.obj(map[string]any{"event": events.Event{}, "notified": 0}).Value))
		}))},
	{"POST", "/api/v1/events/{id}/notify", tagEvents, "Tell the registered about the latest change", map[string]any{},
		one(200, fields(map[string]any{"change": "", "notified": 0}))},
	{"POST", "/api/v1/events/{id}/duplicate", tagEvents, "Copy an event as a new draft", map[string]any{}, one(201, of(events.Event{}))},
	{"POST", "/api/v1/events/{id}/programme/copy", tagEvents, "Copy another event's agenda into this one", map[string]any{}, one(200, fields(map[string]any{"copied": 0}))},
	{"GET", "/api/v1/events/{id}/messages", tagPeople, "Messages sent to the event's participants", nil, one(200, fields(map[string]any{"messages": listOf{registration.Message{}}}))},
	{"POST", "/api/v1/events/{id}/messages", tagPeople, "Send a message (or preview its recipients)", apiMessageInput{},
		map[int]answer{200: fields(map[string]any{"recipients": 0, "?preview": messagePreviewJSON{}}), 202: fields(map[string]any{"message": registration.Message{}, "status": ""})}},
	{"GET", "/api/v1/events/{id}/messages/{mid}", tagPeople, "A message and its deliveries", nil,
		one(200, fields(map[string]any{"message": registration.Message{}, "deliveries": listOf{messageDelivery{}}, "queued": true}))},
	{"GET", "/api/v1/events/{id}/sessions", tagEvents, "The agenda", nil, one(200, fields(map[string]any{"sessions": listOf{events.Session{}}}))},
	{"POST", "/api/v1/events/{id}/sessions", tagEvents, "Add a session", events.SessionInput{}, one(201, of(events.Session{}))},
	{"GET", "/api/v1/events/{id}/sessions/{sid}", tagEvents, "A session", nil, one(200, of(events.Session{}))},
	{"PUT", "/api/v1/events/{id}/sessions/{sid}", tagEvents, "Change a session", events.SessionInput{}, one(200, of(events.Session{}))},
	{"DELETE", "/api/v1/events/{id}/sessions/{sid}", tagEvents, "Remove a session", nil, one(204, noContent)},
	{"GET", "/api/v1/events/{id}/questions", tagEvents, "The registration form's own questions", nil, one(200, fields(map[string]any{"questions": listOf{events.Question{}}}))},
	{"POST", "/api/v1/events/{id}/questions", tagEvents, "Add a question", events.QuestionInput{}, one(201, of(events.Question{}))},
	{"PUT", "/api/v1/events/{id}/questions/{qid}", tagEvents, "Change a question", events.QuestionInput{}, one(200, of(events.Question{}))},
	{"DELETE", "/api/v1/events/{id}/questions/{qid}", tagEvents, "Remove a question", nil, one(204, noContent)},
	{"GET", "/api/v1/series", tagEvents, "The organisations' series", nil, one(200, fields(map[string]any{"series": listOf{events.Series{}}}))},
	{"GET", "/api/v1/series/{id}", tagEvents, "A series and its events", nil, one(200, fields(map[string]any{"series": events.Series{}, "events": listOf{events.Event{}}}))},
	{"PUT", "/api/v1/series/{id}", tagEvents, "Change a series", events.SeriesInput{}, one(200, of(events.Series{}))},
	{"DELETE", "/api/v1/series/{id}", tagEvents, "Delete a series and its events without registrations", nil, one(200, fields(map[string]any{"deleted": 0, "kept": 0}))},
	{"POST", "/api/v1/series/{id}/generate", tagEvents, "Make the series' dates up to a day (preview: only list them)", generateInput{},
		map[int]answer{200: fields(map[string]any{"dates": listOf{""}}), 201: fields(map[string]any{"created": listOf{events.Event{}}})}},
	{"GET", "/api/v1/events/{id}/evaluation", tagFollowUp, "The evaluation form and its results", nil,
		one(200, fields(map[string]any{"form": evaluation.Form{}, "results": evaluation.Results{}}))},
	{"PUT", "/api/v1/events/{id}/evaluation", tagFollowUp, "Choose the evaluation's questions", map[string]any{}, one(200, of(evaluation.Form{}))},
	{"GET", "/api/v1/events/{id}/registrations", tagPeople, "The event's registrations, counts and reach", nil,
		one(200, fields(map[string]any{"registrations": listOf{apiRegistration{}}, "total": 0, "counts": registration.Counts{},
			"reach": reachJSON{}}))},
	{"POST", "/api/v1/events/{id}/registrations", tagPeople, "Add a person (speaker, staff, guest, late participant)", registration.AddedInput{},
		one(201, fields(map[string]any{"registration": registration.Registration{}, "manage_url": ""}))},
	{"GET", "/api/v1/events/{id}/registrations.csv", tagPeople, "The participant list as CSV", nil, one(200, answer{contentType: "text/csv"})},
	{"POST", "/api/v1/events/{id}/registrations/{rid}/cancel", tagPeople, "Cancel a registration", map[string]any{}, one(200, of(registration.Registration{}))},
	{"PUT", "/api/v1/events/{id}/registrations/{rid}", tagPeople, "Change a registration", registration.Input{}, one(200, of(registration.Registration{}))},
	{"GET", "/api/v1/events/{id}/needs", tagPeople, "Diets, accessibility and the caterer's counts", nil, one(200, of(registration.Needs{}))},
	{"GET", "/api/v1/events/{id}/invitations", tagPeople, "Invitation codes and their use", nil, one(200, fields(map[string]any{"invitations": listOf{registration.InvitationUse{}}}))},
	{"POST", "/api/v1/events/{id}/invitations", tagPeople, "Make an invitation code", registration.InvitationInput{}, one(201, of(registration.InvitationUse{}))},
	{"GET", "/api/v1/events/{id}/scanner-links", tagDoor, "The event's scanner links", nil, one(200, fields(map[string]any{"links": listOf{apiLink{}}}))},
	{"POST", "/api/v1/events/{id}/scanner-links", tagDoor, "Make a scanner link (its token is shown once)", map[string]any{},
		one(201, fields(map[string]any{"link": apiLink{}, "token": "", "url": ""}))},
	{"POST", "/api/v1/events/{id}/scanner-links/{lid}/revoke", tagDoor, "Revoke a scanner link", nil, one(200, fields(map[string]any{"link": apiLink{}}))},
	{"GET", "/api/v1/events/{id}/checkin/stats", tagDoor, "Live check-in figures", nil, one(200, of(chkStats{}))},

	{"GET", "/api/v1/organisations/{org}/municipalities", tagMunicipal, "The county's municipalities: path, phase, contact, actions, reach", nil,
		one(200, fields(map[string]any{"municipalities": listOf{munOverviewJSON{}}, "min_cell": 0}))},
	{"GET", "/api/v1/organisations/{org}/municipalities/{code}", tagMunicipal, "One municipality's record and history", nil,
		one(200, fields(map[string]any{"municipality": municipal.Record{}, "step": 0, "phase": 0, "reached": followup.Cell{}, "latest_contact": "",
			"open_actions": 0, "overdue_actions": 0, "attended": listOf{munAttendance{}}, "min_cell": 0}))},
	{"POST", "/api/v1/organisations/{org}/municipalities/{code}/contacts", tagMunicipal, "Add a contact person", municipal.ContactInput{}, one(201, of(municipal.Contact{}))},
	{"DELETE", "/api/v1/organisations/{org}/municipalities/{code}/contacts/{cid}", tagMunicipal, "Remove a contact person", nil, one(204, noContent)},
	{"POST", "/api/v1/organisations/{org}/municipalities/{code}/agreements", tagMunicipal, "Add an agreement", municipal.AgreementInput{}, one(201, of(municipal.Agreement{}))},
	{"POST", "/api/v1/organisations/{org}/municipalities/{code}/visits", tagMunicipal, "Record a visit with its agreed actions", municipal.VisitInput{},
		one(201, fields(map[string]any{"visit": municipal.Visit{}, "actions": listOf{municipal.Action{}}}))},
	{"PUT", "/api/v1/organisations/{org}/municipalities/{code}/visits/{vid}", tagMunicipal, "Change a visit record", municipal.VisitInput{},
		one(200, fields(map[string]any{"visit": municipal.Visit{}}))},
	{"POST", "/api/v1/organisations/{org}/municipalities/{code}/actions", tagMunicipal, "Add an agreed action", municipal.ActionInput{}, one(201, of(municipal.Action{}))},
	{"POST", "/api/v1/organisations/{org}/municipalities/{code}/actions/{aid}/done", tagMunicipal, "Mark an action done", nil, one(204, noContent)},
	{"POST", "/api/v1/organisations/{org}/municipalities/{code}/actions/{aid}/reopen", tagMunicipal, "Reopen an action", nil, one(204, noContent)},
	{"POST", "/api/v1/organisations/{org}/municipalities/{code}/{what}", tagMunicipal, "Set the step of the path (what: step) or the phase (phase)", map[string]any{},
		one(201, of(municipal.Mark{}))},
	{"GET", "/api/v1/organisations/{org}/visit-requests", tagMunicipal, "Visit requests (status filters)", nil, one(200, fields(map[string]any{"requests": listOf{municipal.RequestCase{}}}))},
	{"GET", "/api/v1/organisations/{org}/visit-requests/{rid}", tagMunicipal, "A visit request with its answers", nil, one(200, fields(map[string]any{"request": municipal.RequestCase{}}))},
	{"POST", "/api/v1/organisations/{org}/visit-requests/{rid}/answers", tagMunicipal, "Answer a request by mail", map[string]any{}, one(201, fields(map[string]any{"answer": municipal.Answer{}}))},
	{"POST", "/api/v1/organisations/{org}/visit-requests/{rid}/plan", tagMunicipal, "Turn a request into an invite-only dialogue visit", planInput{},
		map[int]answer{200: fields(map[string]any{"event": events.Event{}, "invited": listOf{""}}), 201: fields(map[string]any{"event": events.Event{}, "invited": listOf{""}})}},
	{"POST", "/api/v1/organisations/{org}/visit-requests/{rid}/close", tagMunicipal, "Close a request", nil, one(204, noContent)},
	{"POST", "/api/v1/organisations/{org}/visit-requests/{rid}/reopen", tagMunicipal, "Reopen a request", nil, one(204, noContent)},
	{"GET", "/api/v1/organisations/{org}/followup", tagFollowUp, "Whom the organisation reached over a period, under the small-cell rule", nil, one(200, of(followup.Report{}))},
}

// apiPathParam is a parameter of an operation's path: "{id}".
var apiPathParam = regexp.MustCompile(`\{([a-z]+)\}`)

var (
	openAPIOnce sync.Once
	openAPIJSON []byte
	openAPIErr  error
)

// openAPIDocument builds the description once.
func openAPIDocument() ([]byte, error) {
	openAPIOnce.Do(func() { openAPIJSON, openAPIErr = buildOpenAPI() })
	return openAPIJSON, openAPIErr
}

func buildOpenAPI() ([]byte, error) {
	sc := newSchemas()
	errSchema := sc.obj(map[string]any{"error": sc.obj(map[string]any{"code": "", "message": "", "?fields": map[string]string{}, "?retry_after": 0})})
	doc := &openapi3.T{
		OpenAPI: "3.1.0",
		Info: &openapi3.Info{Title: "folkhalsa-events API", Version: "1",
			Description: "The JSON API of folkhalsa-events. Organiser routes take a session cookie (with X-CSRF-Token on changes) " +
				"or an organisation's API token (Authorization: Bearer). Answers are in Swedish, or English with Accept-Language: en. " +
				"Errors share one body: {\"error\": {\"code\", \"message\", \"fields\"}}; 503 answers carry Retry-After."},
		Paths: openapi3.NewPaths(),
		Components: &openapi3.Components{SecuritySchemes: openapi3.SecuritySchemes{
			"token":   &openapi3.SecuritySchemeRef{Value: openapi3.NewJWTSecurityScheme().WithBearerFormat("opaque")},
			"session": &openapi3.SecuritySchemeRef{Value: openapi3.NewCSRFSecurityScheme()},
		}},
	}
	for _, op := range apiOps {
		o := openapi3.NewOperation()
		o.Summary, o.Tags = op.summary, []string{op.tag}
		o.OperationID = strings.ToLower(op.method) + strings.NewReplacer("/api/v1", "", "/", "_", "{", "", "}", "", ".", "_", "-", "_").Replace(op.path)
		for _, name := range apiPathParam.FindAllStringSubmatch(op.path, -1) {
			o.AddParameter(openapi3.NewPathParameter(name[1]).WithSchema(openapi3.NewStringSchema()))
		}
		if op.body != nil {
			open := sc.of(op.body)
			o.RequestBody = &openapi3.RequestBodyRef{Value: openapi3.NewRequestBody().WithJSONSchemaRef(open)}
		}
		if !strings.HasPrefix(op.path, "/api/v1/public/") && !strings.HasPrefix(op.path, "/api/v1/scan/") {
			o.Security = &openapi3.SecurityRequirements{{"token": {}}, {"session": {}}}
		}
		statuses := make([]int, 0, len(op.answers))
		for st := range op.answers {
			statuses = append(statuses, st)
		}
		sort.Ints(statuses)
		for _, st := range statuses {
			a := op.answers[st]
			r := openapi3.NewResponse().WithDescription(http.StatusText(st))
			switch {
			case a.noBody:
			case a.contentType != "":
				r.Content = openapi3.Content{a.contentType: openapi3.NewMediaType().WithSchema(openapi3.NewStringSchema())}
			default:
				r.Content = openapi3.NewContentWithJSONSchemaRef(a.schema(sc))
			}
			o.AddResponse(st, r)
		}
		o.Responses.Set("default", &openapi3.ResponseRef{Value: openapi3.NewResponse().WithDescription("An error").WithJSONSchemaRef(errSchema)})
		doc.AddOperation(op.path, op.method, o)
	}
	// What an organisation's webhook endpoints receive (webhooks/, webhook_payloads.go).
	doc.Webhooks = map[string]*openapi3.PathItem{}
	for kind, data := range map[string]any{webhooks.RegistrationCreated: registrationHook{}, webhooks.RegistrationChanged: registrationHook{},
		webhooks.RegistrationCancelled: registrationHook{}, webhooks.RegistrationPromoted: registrationHook{}, webhooks.CheckInCreated: checkInHook{},
		webhooks.EventPublished: publicEvent{}, webhooks.EventChanged: publicEvent{}, webhooks.EventCancelled: publicEvent{}, webhooks.Ping: map[string]string{}} {
		o := openapi3.NewOperation()
		o.Summary = "Sent to an endpoint subscribed to " + kind + ", signed as Standard Webhooks has it (webhook-id, webhook-timestamp, webhook-signature)"
		o.RequestBody = &openapi3.RequestBodyRef{Value: openapi3.NewRequestBody().WithJSONSchemaRef(
			sc.obj(map[string]any{"id": "", "type": "", "created_at": time.Time{}, "organisation_id": "", "data": data}))}
		o.AddResponse(200, openapi3.NewResponse().WithDescription("Any 2xx answer: received; anything else is tried again later"))
		doc.Webhooks[kind] = &openapi3.PathItem{Post: o}
	}
	doc.Components.Schemas = sc.components
	return json.MarshalIndent(doc, "", " ")
}

// GET /api/v1/openapi.json
func (s *server) openAPI(c *fiber.Ctx) error {
	doc, err := openAPIDocument()
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, fiber.MIMEApplicationJSONCharsetUTF8)
	c.Set(fiber.HeaderCacheControl, "public, max-age=3600")
	c.Set(fiber.HeaderAccessControlAllowOrigin, "*")
	return c.Send(doc)
}

// The shapes of answers that handlers build as maps, for their schemas.
type (
	munOverviewJSON struct {
		Code           string             `json:"code"`
		Name           string             `json:"name"`
		Step           int                `json:"step"`
		Phase          int                `json:"phase"`
		Agreements     int                `json:"agreements"`
		LatestContact  string             `json:"latest_contact"`
		OpenActions    []municipal.Action `json:"open_actions"`
		OverdueActions int                `json:"overdue_actions"`
		Reach          struct {
			Attended followup.Cell `json:"attended"`
			Events   int           `json:"events"`
		} `json:"reach"`
		Reached followup.Cell `json:"reached"`
	}
	reachJSON struct {
		MinCell        int            `json:"min_cell"`
		Municipalities followup.Table `json:"municipalities"`
		Counties       followup.Table `json:"counties"`
		OrgTypes       followup.Table `json:"org_types"`
		Genders        followup.Table `json:"genders"`
	}
	requestReceiptJSON struct {
		ID           string    `json:"id"`
		Organisation string    `json:"organisation"`
		Municipality string    `json:"municipality"`
		Code         string    `json:"code"`
		Kind         string    `json:"kind"`
		Topics       []string  `json:"topics"`
		ReceivedAt   time.Time `json:"received_at"`
	}
	messagePreviewJSON struct {
		To      string `json:"to"`
		Subject string `json:"subject"`
		Text    string `json:"text"`
		HTML    string `json:"html"`
	}
)

// messageDelivery is the state of a message to one recipient (apiGetMessage).
type messageDelivery struct {
	Registration string `json:"registration_id"`
	State        string `json:"state"`
}
