package municipal

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"folkhalsa-events/events"
	"folkhalsa-events/mails"
	"folkhalsa-events/platform/datastore"
	"folkhalsa-events/platform/locale"
	"folkhalsa-events/platform/outbox"
	"folkhalsa-events/registration"
)

// Visit requests: a municipality asks the organisation for a visit (kommunbesök) or a
// training tailored to local needs. The request is stored once; what happens to it
// afterwards (answers, the visit planned for it, closing) is inserted beside it, never
// written into it, so concurrent organisers cannot undo each other.

const (
	RequestsCollection       = "municipal_requests"
	RequestAnswersCollection = "municipal_request_answers"
	// RequestMarksCollection holds "<request>|planned" (the event made for it, once)
	// and "<request>|closed".
	RequestMarksCollection = "municipal_request_marks"
)

// Request kinds.
const (
	RequestVisit    = "visit"
	RequestTraining = "training"
)

// RequestKinds in form order.
var RequestKinds = []string{RequestVisit, RequestTraining}

// ErrPlanned: a visit has already been planned for the request.
var ErrPlanned = errors.New("municipal: a visit is already planned for the request")

// Request is what the municipality sent. Its contact fields are personal data, removed
// by the retention pass (Anonymised then holds when).
type Request struct {
	ID           string     `bson:"_id" json:"id"`
	OrgID        string     `bson:"org_id" json:"-"`
	Code         string     `bson:"code" json:"code"`
	Municipality string     `bson:"municipality" json:"municipality"`
	Kind         string     `bson:"kind" json:"kind"`
	Name         string     `bson:"name,omitempty" json:"name,omitempty"`
	Role         string     `bson:"role,omitempty" json:"role,omitempty"`
	Email        string     `bson:"email,omitempty" json:"email,omitempty"`
	Phone        string     `bson:"phone,omitempty" json:"phone,omitempty"`
	Topics       []string   `bson:"topics" json:"topics"`
	Period       string     `bson:"period,omitempty" json:"period,omitempty"`
	Message      string     `bson:"message,omitempty" json:"message,omitempty"`
	Lang         string     `bson:"lang" json:"lang"`
	ReceivedAt   time.Time  `bson:"received_at" json:"received_at"`
	Anonymised   *time.Time `bson:"anonymised_at,omitempty" json:"anonymised_at,omitempty"`
}

// RequestInput is the public form.
type RequestInput struct {
	Organisation string   `json:"organisation" form:"organisation"`
	Municipality string   `json:"municipality" form:"municipality"` // name or code
	Kind         string   `json:"kind" form:"kind"`
	Name         string   `json:"name" form:"name"`
	Role         string   `json:"role" form:"role"`
	Email        string   `json:"email" form:"email"`
	Phone        string   `json:"phone" form:"phone"`
	Topics       []string `json:"topics" form:"topics"`
	Period       string   `json:"period" form:"period"`
	Message      string   `json:"message" form:"message"`
}

// Answer is one answer of the organisation to a request, mailed to its contact.
type Answer struct {
	ID        string    `bson:"_id" json:"id"`
	RequestID string    `bson:"request_id" json:"-"`
	OrgID     string    `bson:"org_id" json:"-"`
	Text      string    `bson:"text" json:"text"`
	At        time.Time `bson:"at" json:"at"`
	By        string    `bson:"by" json:"by"`
}

// requestMark is "<request>|planned" or "<request>|closed".
type requestMark struct {
	ID        string    `bson:"_id"`
	RequestID string    `bson:"request_id"`
	OrgID     string    `bson:"org_id"`
	EventID   string    `bson:"event_id,omitempty"`
	At        time.Time `bson:"at"`
	By        string    `bson:"by"`
}

func plannedID(requestID string) string { return requestID + "|planned" }
func closedID(requestID string) string  { return requestID + "|closed" }

// RequestStatus is where a request stands.
type RequestStatus string

const (
	RequestNew      RequestStatus = "new"
	RequestAnswered RequestStatus = "answered"
	RequestPlanned  RequestStatus = "planned" // a visit event is made for it
	RequestClosed   RequestStatus = "closed"
)

// RequestCase is a request with what has happened to it.
type RequestCase struct {
	Request
	Status   RequestStatus `json:"status"`
	Answers  []Answer      `json:"answers"`
	EventID  string        `json:"event_id,omitempty"`
	ClosedAt *time.Time    `json:"closed_at,omitempty"`
}

// Label is the request in a few words, in lang: "ett kommunbesök i Umeå".
func (r Request) Label(lang string) string {
	return locale.T(lang, "mun.request.label."+r.Kind, r.Municipality)
}

// SubmitRequest validates and stores a request to org, and queues its receipt to the
// contact. Nothing is stored when the input has problems.
func (s *Store) SubmitRequest(ctx context.Context, org events.Organisation, in RequestInput, lang string) (Request, error) {
	var v events.ValidationError
	r := Request{ID: datastore.NewID(), OrgID: org.ID, Kind: strings.TrimSpace(in.Kind), Lang: locale.Norm(lang),
		Name: events.CleanText(in.Name), Role: events.CleanText(in.Role), Email: registration.NormaliseEmail(in.Email),
		Phone: events.CleanText(in.Phone), Period: events.CleanText(in.Period), Message: events.CleanMultiline(in.Message),
		ReceivedAt: s.now().UTC().Truncate(time.Millisecond)}
	if m, ok := events.LookupMunicipality(strings.TrimSpace(in.Municipality)); !ok || m.County != org.County {
		v.Add("municipality", "mun.err.municipality")
	} else {
		r.Code, r.Municipality = m.Code, m.Name
	}
	if r.Kind != RequestVisit && r.Kind != RequestTraining {
		v.Add("kind", "mun.err.request_kind")
	}
	events.RequireText(&v, "name", in.Name, 100, "mun.f.name")
	events.LimitText(&v, "role", in.Role, 200, "mun.f.role")
	if !registration.ValidEmail(in.Email) {
		v.Add("email", "mun.err.request_email")
	}
	events.LimitText(&v, "phone", in.Phone, 40, "mun.f.phone")
	r.Topics = cleanTopics(&v, "topics", in.Topics, true)
	events.LimitText(&v, "period", in.Period, 100, "mun.f.period")
	events.LimitText(&v, "message", in.Message, 3000, "mun.f.message")
	if err := v.Err(); err != nil {
		return Request{}, err
	}
	// The receipt waits for the request (the guard), so a request that fails to be
	// stored sends nothing.
	l := mails.Letter{Kind: mails.RequestReceived, FirstName: mails.FirstName(r.Name)}
	if err := s.mailRequester(ctx, org, r, l, r.ID+"|received", RequestsCollection, r.ID); err != nil {
		return Request{}, err
	}
	if _, err := s.requests.InsertOne(ctx, r); err != nil {
		return Request{}, fmt.Errorf("store request: %w", err)
	}
	return r, nil
}

// mailRequester queues a mail about the request to its contact, in the language they
// wrote in, signed by the organisation. It waits for the document guardID of
// guardCollection, so a mail whose document fails to be stored is never sent.
func (s *Store) mailRequester(ctx context.Context, org events.Organisation, r Request, l mails.Letter, id, guardCollection, guardID string) error {
	l.Lang, l.Organisation, l.Contact = r.Lang, org.Name, events.ContactOf(events.Event{}, org)
	l.Request, l.Received = r.Label(r.Lang), r.ReceivedAt
	m := mails.Write(l)
	return s.mail(ctx, outbox.Message{ID: id, To: r.Email, ReplyTo: org.Contact.Email, Subject: m.Subject, Text: m.Text, HTML: m.HTML,
		Lang: r.Lang, Kind: string(l.Kind), Ref: r.ID, Guard: &outbox.Guard{Collection: guardCollection, ID: guardID}})
}

// Requests lists the organisation's requests, newest first, with their answers and marks.
func (s *Store) Requests(ctx context.Context, orgID string) ([]RequestCase, error) {
	q := bson.D{{Key: "org_id", Value: orgID}}
	var reqs []Request
	var answers []Answer
	var marks []requestMark
	if err := findAll(ctx, s.requests, q, &reqs); err != nil {
		return nil, err
	}
	if err := findAll(ctx, s.answers, q, &answers); err != nil {
		return nil, err
	}
	if err := findAll(ctx, s.reqMarks, q, &marks); err != nil {
		return nil, err
	}
	out := make([]RequestCase, len(reqs))
	byID := map[string]*RequestCase{}
	for i, r := range reqs {
		out[i] = RequestCase{Request: r, Status: RequestNew, Answers: []Answer{}}
		byID[r.ID] = &out[i]
	}
	for _, a := range answers {
		if c := byID[a.RequestID]; c != nil {
			c.Answers = append(c.Answers, a)
		}
	}
	for _, m := range marks {
		c := byID[m.RequestID]
		switch {
		case c == nil:
		case m.ID == plannedID(c.ID):
			c.EventID = m.EventID
		case m.ID == closedID(c.ID):
			at := m.At
			c.ClosedAt = &at
		}
	}
	for i := range out {
		c := &out[i]
		sort.SliceStable(c.Answers, func(a, b int) bool { return c.Answers[a].At.Before(c.Answers[b].At) })
		switch {
		case c.ClosedAt != nil:
			c.Status = RequestClosed
		case c.EventID != "":
			c.Status = RequestPlanned
		case len(c.Answers) > 0:
			c.Status = RequestAnswered
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].ReceivedAt.After(out[j].ReceivedAt) })
	return out, nil
}

// RequestOf is one of the organisation's requests.
func (s *Store) RequestOf(ctx context.Context, orgID, id string) (RequestCase, error) {
	all, err := s.Requests(ctx, orgID)
	if err != nil {
		return RequestCase{}, err
	}
	for _, c := range all {
		if c.ID == id {
			return c, nil
		}
	}
	return RequestCase{}, ErrNotFound
}

// AnswerRequest stores an answer and mails it to the request's contact, in the language
// they wrote in. The mail is queued first under the answer's id and guarded by the
// answer, so a failed insert sends nothing and a repeated one sends once.
func (s *Store) AnswerRequest(ctx context.Context, org events.Organisation, rc RequestCase, text, by string) (Answer, error) {
	var v events.ValidationError
	events.RequireText(&v, "text", text, 5000, "mun.f.answer")
	if rc.Email == "" {
		v.Add("text", "mun.err.no_address")
	}
	if err := v.Err(); err != nil {
		return Answer{}, err
	}
	a := Answer{ID: datastore.NewID(), RequestID: rc.ID, OrgID: org.ID, Text: events.CleanMultiline(text), At: s.now().UTC().Truncate(time.Millisecond), By: by}
	if err := s.mailRequester(ctx, org, rc.Request, mails.Letter{Kind: mails.RequestAnswer, Body: a.Text}, a.ID, RequestAnswersCollection, a.ID); err != nil {
		return Answer{}, err
	}
	if _, err := s.answers.InsertOne(ctx, a); err != nil {
		return Answer{}, fmt.Errorf("store answer: %w", err)
	}
	return a, nil
}

// ClaimPlanning takes the request's one "planned" mark before its event is made: of
// two organisers clicking at once, one gets it; the other gets ErrPlanned with the
// event id (empty while the first is still making it).
func (s *Store) ClaimPlanning(ctx context.Context, orgID, requestID, by string) (string, error) {
	m := requestMark{ID: plannedID(requestID), RequestID: requestID, OrgID: orgID, At: s.now().UTC().Truncate(time.Millisecond), By: by}
	if _, err := s.reqMarks.InsertOne(ctx, m); err != nil {
		if datastore.IsDuplicate(err) {
			var got requestMark
			_ = s.reqMarks.FindOne(ctx, bson.D{{Key: "_id", Value: m.ID}}).Decode(&got)
			return got.EventID, ErrPlanned
		}
		return "", fmt.Errorf("claim request: %w", err)
	}
	return "", nil
}

// Planned records the event made for a claimed request (only that field).
func (s *Store) Planned(ctx context.Context, requestID, eventID string) error {
	_, err := s.reqMarks.UpdateOne(ctx, bson.D{{Key: "_id", Value: plannedID(requestID)}}, bson.D{{Key: "$set", Value: bson.D{{Key: "event_id", Value: eventID}}}})
	return err
}

// ReleasePlanning gives the claim back when the event could not be made.
func (s *Store) ReleasePlanning(ctx context.Context, requestID string) {
	_, _ = s.reqMarks.DeleteOne(ctx, bson.D{{Key: "_id", Value: plannedID(requestID)}, {Key: "event_id", Value: bson.D{{Key: "$exists", Value: false}}}})
}

// CloseRequest closes a request (inserting its mark; closing twice is one close);
// ReopenRequest takes the mark away.
func (s *Store) CloseRequest(ctx context.Context, orgID, requestID, by string) error {
	m := requestMark{ID: closedID(requestID), RequestID: requestID, OrgID: orgID, At: s.now().UTC().Truncate(time.Millisecond), By: by}
	if _, err := s.reqMarks.InsertOne(ctx, m); err != nil && !datastore.IsDuplicate(err) {
		return fmt.Errorf("close request: %w", err)
	}
	return nil
}

func (s *Store) ReopenRequest(ctx context.Context, orgID, requestID string) error {
	_, err := s.reqMarks.DeleteOne(ctx, bson.D{{Key: "_id", Value: closedID(requestID)}, {Key: "org_id", Value: orgID}})
	return err
}

// findAll reads every document of coll matching q into into.
func findAll(ctx context.Context, coll *mongo.Collection, q bson.D, into any) error {
	cur, err := coll.Find(ctx, q)
	if err != nil {
		return fmt.Errorf("read %s: %w", coll.Name(), err)
	}
	if err := cur.All(ctx, into); err != nil {
		return fmt.Errorf("read %s: %w", coll.Name(), err)
	}
	return nil
}
