// Package municipal is an organisation's work with each municipality of its county
// over the years: where the municipality is on the four-step path (network meetings
// and conferences, municipal dialogue, visits to the municipal leadership, a long-term
// agreement), which phase of the quality model for prevention work it is in, its
// contacts and its agreements. Every step and phase set is kept, with when and by
// whom, so the history reads in order. Records belong to the organisation that made
// them.
package municipal

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"sort"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"folkhalsa-events/events"
	"folkhalsa-events/platform/datastore"
	"folkhalsa-events/platform/locale"
	"folkhalsa-events/platform/outbox"
	"folkhalsa-events/registration"
)

// Steps of the path (Länsstyrelsen Stockholm's Preventionspaketet), 1–4.
var Steps = []locale.Key{"mun.step.1", "mun.step.2", "mun.step.3", "mun.step.4"}

// Phases of the quality model for prevention work, 1–8.
var Phases = []locale.Key{"mun.phase.1", "mun.phase.2", "mun.phase.3", "mun.phase.4", "mun.phase.5", "mun.phase.6", "mun.phase.7", "mun.phase.8"}

// AgreementKinds in form order.
var AgreementKinds = []string{"samforstandsavtal", "avsiktsforklaring", "annat"}

// ErrNotFound: no such municipality in the county, or no such record.
var ErrNotFound = errors.New("municipal: not found")

const (
	StepsCollection      = "municipal_steps"
	PhasesCollection     = "municipal_phases"
	ContactsCollection   = "municipal_contacts"
	AgreementsCollection = "municipal_agreements"
)

// Mark is one step or phase set: which, when and by whom. Marks are only inserted.
type Mark struct {
	ID    string    `bson:"_id" json:"id"`
	OrgID string    `bson:"org_id" json:"-"`
	Code  string    `bson:"code" json:"-"`
	Value int       `bson:"value" json:"value"`
	At    time.Time `bson:"at" json:"at"`
	By    string    `bson:"by" json:"by"`
	// Seq orders marks set within the same millisecond (the store keeps times to the
	// millisecond): the instance's clock in nanoseconds.
	Seq int64 `bson:"seq" json:"-"`
}

// Contact is a person at the municipality (personal data: removed when asked).
type Contact struct {
	ID      string    `bson:"_id" json:"id"`
	OrgID   string    `bson:"org_id" json:"-"`
	Code    string    `bson:"code" json:"-"`
	Name    string    `bson:"name" json:"name"`
	Role    string    `bson:"role" json:"role"`
	Email   string    `bson:"email,omitempty" json:"email,omitempty"`
	AddedAt time.Time `bson:"added_at" json:"added_at"`
	AddedBy string    `bson:"added_by" json:"added_by"`
	// ConfirmedAt: when the contact was last found current (see retention.go).
	ConfirmedAt *time.Time `bson:"confirmed_at,omitempty" json:"confirmed_at,omitempty"`
}

// Agreement is an agreement with the municipality: a samförståndsavtal, the
// declaration of intent (avsiktsförklaring), or another.
type Agreement struct {
	ID       string    `bson:"_id" json:"id"`
	OrgID    string    `bson:"org_id" json:"-"`
	Code     string    `bson:"code" json:"-"`
	Kind     string    `bson:"kind" json:"kind"`
	Title    string    `bson:"title,omitempty" json:"title,omitempty"`
	Signed   string    `bson:"signed" json:"signed"` // YYYY-MM-DD
	From     string    `bson:"from,omitempty" json:"from,omitempty"`
	To       string    `bson:"to,omitempty" json:"to,omitempty"`
	Document string    `bson:"document,omitempty" json:"document,omitempty"` // a link
	AddedAt  time.Time `bson:"added_at" json:"added_at"`
	AddedBy  string    `bson:"added_by" json:"added_by"`
}

// Store keeps the records.
type Store struct {
	steps, phases, contacts, agreements *mongo.Collection
	requests, answers, reqMarks         *mongo.Collection
	visits, actions, actionsDone        *mongo.Collection
	outbox                              Enqueuer
	now                                 func() time.Time
}

// Enqueuer queues a mail (the outbox).
type Enqueuer interface {
	Enqueue(ctx context.Context, m outbox.Message) (string, error)
}

// NewStore uses the municipal_* collections of db and queues mail in out.
func NewStore(db *mongo.Database, out Enqueuer) *Store {
	return &Store{steps: db.Collection(StepsCollection), phases: db.Collection(PhasesCollection),
		contacts: db.Collection(ContactsCollection), agreements: db.Collection(AgreementsCollection),
		requests: db.Collection(RequestsCollection), answers: db.Collection(RequestAnswersCollection), reqMarks: db.Collection(RequestMarksCollection),
		visits: db.Collection(VisitsCollection), actions: db.Collection(ActionsCollection), actionsDone: db.Collection(ActionsDoneCollection),
		outbox: out, now: time.Now}
}

func (s *Store) mail(ctx context.Context, m outbox.Message) error {
	if _, err := s.outbox.Enqueue(ctx, m); err != nil {
		return fmt.Errorf("queue mail: %w", err)
	}
	return nil
}

// SetClock replaces the clock, for tests.
func (s *Store) SetClock(now func() time.Time) { s.now = now }

// EnsureIndexes creates the indexes by organisation (one at a time: the embedded store).
func (s *Store) EnsureIndexes(ctx context.Context) error {
	var errs []error
	for _, c := range []*mongo.Collection{s.steps, s.phases, s.contacts, s.agreements, s.requests, s.visits, s.actions} {
		errs = append(errs, datastore.EnsureIndexes(ctx, c, datastore.Index("by_org_code", "org_id", "code")))
	}
	return errors.Join(errs...)
}

// InCounty finds a municipality of the county by its code.
func InCounty(county, code string) (events.Municipality, error) {
	for _, m := range events.Municipalities() {
		if m.Code == code && m.County == county {
			return m, nil
		}
	}
	return events.Municipality{}, ErrNotFound
}

// SetStep records a new step (1–4) on the path; SetPhase a new phase (1–8).
func (s *Store) SetStep(ctx context.Context, orgID, code string, step int, by string) (Mark, error) {
	return s.mark(ctx, s.steps, orgID, code, step, len(Steps), "step", by)
}

func (s *Store) SetPhase(ctx context.Context, orgID, code string, phase int, by string) (Mark, error) {
	return s.mark(ctx, s.phases, orgID, code, phase, len(Phases), "phase", by)
}

func (s *Store) mark(ctx context.Context, coll *mongo.Collection, orgID, code string, n, max int, field, by string) (Mark, error) {
	if n < 1 || n > max {
		var v events.ValidationError
		v.Add(field, "mun.err."+field, max)
		return Mark{}, v.Err()
	}
	now := s.now()
	m := Mark{ID: datastore.NewID(), OrgID: orgID, Code: code, Value: n, At: now.UTC().Truncate(time.Millisecond), By: by, Seq: now.UnixNano()}
	if _, err := coll.InsertOne(ctx, m); err != nil {
		return Mark{}, fmt.Errorf("record %s: %w", field, err)
	}
	return m, nil
}

// AddContact adds a contact person.
func (s *Store) AddContact(ctx context.Context, orgID, code string, in ContactInput, by string) (Contact, error) {
	return s.addContact(ctx, datastore.NewID(), orgID, code, in, by)
}

func (s *Store) addContact(ctx context.Context, id, orgID, code string, in ContactInput, by string) (Contact, error) {
	var v events.ValidationError
	events.RequireText(&v, "name", in.Name, 100, "mun.f.name")
	events.RequireText(&v, "role", in.Role, 200, "mun.f.role")
	email := registration.NormaliseEmail(in.Email)
	if email != "" && !registration.ValidEmail(email) {
		v.Add("email", "mun.err.email")
	}
	if err := v.Err(); err != nil {
		return Contact{}, err
	}
	c := Contact{ID: id, OrgID: orgID, Code: code, Name: events.CleanText(in.Name), Role: events.CleanText(in.Role),
		Email: email, AddedAt: s.now().UTC().Truncate(time.Millisecond), AddedBy: by}
	if _, err := s.contacts.InsertOne(ctx, c); err != nil {
		return Contact{}, fmt.Errorf("add contact: %w", err)
	}
	return c, nil
}

// ContactInput is the contact form.
type ContactInput struct {
	Name  string `json:"name" form:"name"`
	Role  string `json:"role" form:"role"`
	Email string `json:"email" form:"email"`
}

// RemoveContact deletes a contact person of the organisation's municipality.
func (s *Store) RemoveContact(ctx context.Context, orgID, code, id string) error {
	res, err := s.contacts.DeleteOne(ctx, bson.D{{Key: "_id", Value: id}, {Key: "org_id", Value: orgID}, {Key: "code", Value: code}})
	if err != nil {
		return fmt.Errorf("remove contact: %w", err)
	}
	if res.DeletedCount == 0 {
		return ErrNotFound
	}
	return nil
}

// AgreementInput is the agreement form; dates are YYYY-MM-DD.
type AgreementInput struct {
	Kind     string `json:"kind" form:"kind"`
	Title    string `json:"title" form:"title"`
	Signed   string `json:"signed" form:"signed"`
	From     string `json:"from" form:"from"`
	To       string `json:"to" form:"to"`
	Document string `json:"document" form:"document"`
}

// AddAgreement records an agreement.
func (s *Store) AddAgreement(ctx context.Context, orgID, code string, in AgreementInput, by string) (Agreement, error) {
	var v events.ValidationError
	a := Agreement{ID: datastore.NewID(), OrgID: orgID, Code: code, Kind: strings.TrimSpace(in.Kind), Title: events.CleanText(in.Title),
		Document: strings.TrimSpace(in.Document), AddedAt: s.now().UTC().Truncate(time.Millisecond), AddedBy: by}
	found := false
	for _, k := range AgreementKinds {
		found = found || k == a.Kind
	}
	if !found {
		v.Add("kind", "mun.err.kind")
	}
	events.LimitText(&v, "title", in.Title, 200, "mun.f.title")
	a.Signed, a.From, a.To = dateField(&v, "signed", in.Signed, true), dateField(&v, "from", in.From, false), dateField(&v, "to", in.To, false)
	if a.From != "" && a.To != "" && a.To < a.From {
		v.Add("to", "mun.err.order")
	}
	if a.Document != "" {
		if u, err := url.Parse(a.Document); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || len(a.Document) > 500 {
			v.Add("document", "mun.err.document")
		}
	}
	if err := v.Err(); err != nil {
		return Agreement{}, err
	}
	if _, err := s.agreements.InsertOne(ctx, a); err != nil {
		return Agreement{}, fmt.Errorf("add agreement: %w", err)
	}
	return a, nil
}

// Record is everything the organisation keeps about one municipality.
type Record struct {
	Code       string        `json:"code"`
	Name       string        `json:"name"`
	Steps      []Mark        `json:"steps"`  // oldest first
	Phases     []Mark        `json:"phases"` // oldest first
	Contacts   []Contact     `json:"contacts"`
	Agreements []Agreement   `json:"agreements"`
	Visits     []Visit       `json:"visits"`   // newest first
	Actions    []Action      `json:"actions"`  // open ones first, by the day they are due
	Requests   []RequestCase `json:"requests"` // newest first
}

// OpenActions counts the actions not done, and of those the ones past their day.
func (r Record) OpenActions(today string) (open, overdue int) {
	for _, a := range r.Actions {
		if a.Open() {
			open++
			if a.Overdue(today) {
				overdue++
			}
		}
	}
	return open, overdue
}

// LatestContact is the day of the latest visit held (up to today) or request or
// answer: YYYY-MM-DD, or "" when there has been none.
func (r Record) LatestContact(today string) string {
	latest := ""
	later := func(d string) {
		if d > latest && d <= today {
			latest = d
		}
	}
	for _, v := range r.Visits {
		later(v.Date)
	}
	for _, q := range r.Requests {
		later(q.ReceivedAt.In(events.Stockholm).Format(time.DateOnly))
		for _, a := range q.Answers {
			later(a.At.In(events.Stockholm).Format(time.DateOnly))
		}
	}
	return latest
}

// Step is the current step (0: none set).
func (r Record) Step() int { return last(r.Steps) }

// Phase is the current phase (0: none set).
func (r Record) Phase() int { return last(r.Phases) }

func last(ms []Mark) int {
	if len(ms) == 0 {
		return 0
	}
	return ms[len(ms)-1].Value
}

// Records reads the organisation's records of every municipality of its county, in
// Swedish order: four reads (one per collection) whatever the number of municipalities.
func (s *Store) Records(ctx context.Context, orgID, county string) ([]Record, error) {
	byCode := map[string]*Record{}
	var out []Record
	for _, m := range events.Municipalities() {
		if m.County == county {
			out = append(out, Record{Code: m.Code, Name: m.Name, Steps: []Mark{}, Phases: []Mark{}, Contacts: []Contact{}, Agreements: []Agreement{},
				Visits: []Visit{}, Actions: []Action{}, Requests: []RequestCase{}})
		}
	}
	sort.Slice(out, func(i, j int) bool { return events.CompareSwedish(out[i].Name, out[j].Name) < 0 })
	for i := range out {
		byCode[out[i].Code] = &out[i]
	}
	q := bson.D{{Key: "org_id", Value: orgID}}
	var steps, phases []Mark
	var contacts []Contact
	var agreements []Agreement
	var visits []Visit
	var actions []Action
	var done []actionDone
	for _, read := range []struct {
		c    *mongo.Collection
		into any
	}{{s.steps, &steps}, {s.phases, &phases}, {s.contacts, &contacts}, {s.agreements, &agreements},
		{s.visits, &visits}, {s.actions, &actions}, {s.actionsDone, &done}} {
		if err := findAll(ctx, read.c, q, read.into); err != nil {
			return nil, err
		}
	}
	requests, err := s.Requests(ctx, orgID)
	if err != nil {
		return nil, err
	}
	doneOf := map[string]actionDone{}
	for _, d := range done {
		doneOf[d.ID] = d
	}
	for _, v := range visits {
		if r := byCode[v.Code]; r != nil {
			r.Visits = append(r.Visits, v)
		}
	}
	for _, a := range actions {
		if d, ok := doneOf[a.ID]; ok {
			at := d.At
			a.DoneAt, a.DoneBy = &at, d.By
		}
		if r := byCode[a.Code]; r != nil {
			r.Actions = append(r.Actions, a)
		}
	}
	for _, q := range requests { // newest first already
		if r := byCode[q.Code]; r != nil {
			r.Requests = append(r.Requests, q)
		}
	}
	for _, m := range steps {
		if r := byCode[m.Code]; r != nil {
			r.Steps = append(r.Steps, m)
		}
	}
	for _, m := range phases {
		if r := byCode[m.Code]; r != nil {
			r.Phases = append(r.Phases, m)
		}
	}
	for _, c := range contacts {
		if r := byCode[c.Code]; r != nil {
			r.Contacts = append(r.Contacts, c)
		}
	}
	for _, a := range agreements {
		if r := byCode[a.Code]; r != nil {
			r.Agreements = append(r.Agreements, a)
		}
	}
	for i := range out {
		r := &out[i]
		byTime := func(ms []Mark) {
			sort.SliceStable(ms, func(a, b int) bool { return ms[a].Seq < ms[b].Seq })
		}
		byTime(r.Steps)
		byTime(r.Phases)
		sort.SliceStable(r.Contacts, func(a, b int) bool { return events.CompareSwedish(r.Contacts[a].Name, r.Contacts[b].Name) < 0 })
		sort.SliceStable(r.Agreements, func(a, b int) bool { return r.Agreements[a].Signed < r.Agreements[b].Signed })
		sort.SliceStable(r.Visits, func(a, b int) bool { return r.Visits[a].Date > r.Visits[b].Date })
		sort.SliceStable(r.Actions, func(a, b int) bool {
			x, y := r.Actions[a], r.Actions[b]
			if x.Open() != y.Open() {
				return x.Open()
			}
			return x.Due < y.Due
		})
	}
	return out, nil
}

// ContactsOf lists the contact persons of one municipality, in Swedish order.
func (s *Store) ContactsOf(ctx context.Context, orgID, code string) ([]Contact, error) {
	var out []Contact
	if err := findAll(ctx, s.contacts, bson.D{{Key: "org_id", Value: orgID}, {Key: "code", Value: code}}, &out); err != nil {
		return nil, err
	}
	sort.SliceStable(out, func(a, b int) bool { return events.CompareSwedish(out[a].Name, out[b].Name) < 0 })
	return out, nil
}

// EnsureContact adds the person as a contact unless the municipality has one with
// that address. Its id is derived from the address, so two at once add one.
func (s *Store) EnsureContact(ctx context.Context, orgID, code string, in ContactInput, by string) error {
	email := registration.NormaliseEmail(in.Email)
	// A contact with the address is still current: kept a further retention period.
	res, err := s.contacts.UpdateMany(ctx, bson.D{{Key: "org_id", Value: orgID}, {Key: "code", Value: code}, {Key: "email", Value: email}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "confirmed_at", Value: s.now().UTC().Truncate(time.Millisecond)}}}})
	if err != nil {
		return fmt.Errorf("confirm contact: %w", err)
	}
	if res.MatchedCount > 0 {
		return nil
	}
	if strings.TrimSpace(in.Role) == "" {
		in.Role = "–"
	}
	_, err = s.addContact(ctx, orgID+"|"+code+"|"+email, orgID, code, in, by)
	var ve *events.ValidationError
	if errors.As(err, &ve) || datastore.IsDuplicate(err) {
		return nil // already added by a concurrent request; or not enough for a contact
	}
	return err
}
