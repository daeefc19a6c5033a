package municipal

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"folkhalsa-events/events"
	"folkhalsa-events/platform/datastore"
)

// Visit records: after a dialogue visit or a visit to the municipal leadership the
// organiser writes down who took part (by role, names optional), the topics, what was
// agreed (actions: what, who, by when) and when to be in touch next. Actions stay open
// until someone marks them done; the done mark is a document of its own, so a done
// action stays done whatever else is written at the same time.

const (
	VisitsCollection      = "municipal_visits"
	ActionsCollection     = "municipal_actions"
	ActionsDoneCollection = "municipal_actions_done"
)

// Visit kinds.
const (
	VisitDialogue   = "dialogue"   // kommundialog
	VisitLeadership = "leadership" // besök hos kommunledningen
)

// VisitKinds in form order.
var VisitKinds = []string{VisitDialogue, VisitLeadership}

// Person is one who took part in a visit: a role always, a name if given.
type Person struct {
	Role string `bson:"role" json:"role"`
	Name string `bson:"name,omitempty" json:"name,omitempty"`
}

// Visit is the record of one visit. A visit recorded for an event has the id
// "event:<id>", so an event has one record.
type Visit struct {
	ID          string    `bson:"_id" json:"id"`
	OrgID       string    `bson:"org_id" json:"-"`
	Code        string    `bson:"code" json:"code"`
	EventID     string    `bson:"event_id,omitempty" json:"event_id,omitempty"`
	Kind        string    `bson:"kind" json:"kind"`
	Date        string    `bson:"date" json:"date"` // YYYY-MM-DD
	People      []Person  `bson:"people" json:"people"`
	Topics      []string  `bson:"topics" json:"topics"`
	Notes       string    `bson:"notes,omitempty" json:"notes,omitempty"`
	NextContact string    `bson:"next_contact,omitempty" json:"next_contact,omitempty"` // YYYY-MM-DD
	RecordedAt  time.Time `bson:"recorded_at" json:"recorded_at"`
	RecordedBy  string    `bson:"recorded_by" json:"recorded_by"`
}

// Action is one agreed action.
type Action struct {
	ID      string     `bson:"_id" json:"id"`
	OrgID   string     `bson:"org_id" json:"-"`
	Code    string     `bson:"code" json:"code"`
	VisitID string     `bson:"visit_id,omitempty" json:"visit_id,omitempty"`
	What    string     `bson:"what" json:"what"`
	Who     string     `bson:"who" json:"who"`
	Due     string     `bson:"due" json:"due"` // YYYY-MM-DD
	AddedAt time.Time  `bson:"added_at" json:"added_at"`
	AddedBy string     `bson:"added_by" json:"added_by"`
	DoneAt  *time.Time `bson:"-" json:"done_at,omitempty"`
	DoneBy  string     `bson:"-" json:"done_by,omitempty"`
}

// Open reports whether the action is not done.
func (a Action) Open() bool { return a.DoneAt == nil }

// Overdue reports whether the action is open past its day (today is YYYY-MM-DD).
func (a Action) Overdue(today string) bool { return a.Open() && a.Due < today }

type actionDone struct {
	ID    string    `bson:"_id"` // the action's
	OrgID string    `bson:"org_id"`
	Code  string    `bson:"code"`
	At    time.Time `bson:"at"`
	By    string    `bson:"by"`
}

// VisitInput is the visit form. People are given as Person values (JSON) or as lines
// "role, name" (the form's text area).
type VisitInput struct {
	EventID     string        `json:"event_id" form:"event_id"`
	Kind        string        `json:"kind" form:"kind"`
	Date        string        `json:"date" form:"date"`
	People      []Person      `json:"people" form:"-"`
	PeopleText  string        `json:"-" form:"people"`
	Topics      []string      `json:"topics" form:"topics"`
	Notes       string        `json:"notes" form:"notes"`
	NextContact string        `json:"next_contact" form:"next_contact"`
	Actions     []ActionInput `json:"actions" form:"-"`
}

// ActionInput is one agreed action.
type ActionInput struct {
	What string `json:"what" form:"what"`
	Who  string `json:"who" form:"who"`
	Due  string `json:"due" form:"due"`
}

// Blank reports whether nothing of the action was given (a form's spare row).
func (a ActionInput) Blank() bool {
	return strings.TrimSpace(a.What+a.Who+a.Due) == ""
}

// PeopleLines reads "role, name" lines.
func PeopleLines(text string) []Person {
	var out []Person
	for _, line := range strings.Split(text, "\n") {
		role, name, _ := strings.Cut(line, ",")
		if p := (Person{Role: events.CleanText(role), Name: events.CleanText(name)}); p.Role != "" || p.Name != "" {
			out = append(out, p)
		}
	}
	return out
}

// PeopleText writes people as the form's lines.
func PeopleText(people []Person) string {
	lines := make([]string, len(people))
	for i, p := range people {
		lines[i] = p.Role
		if p.Name != "" {
			lines[i] += ", " + p.Name
		}
	}
	return strings.Join(lines, "\n")
}

func dateField(v *events.ValidationError, field, raw string, required bool) string {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		if required {
			v.Add(field, "mun.err.date")
		}
		return ""
	}
	if _, err := time.Parse("2006-01-02", raw); err != nil {
		v.Add(field, "mun.err.date")
		return ""
	}
	return raw
}

func (in VisitInput) validate(v *events.ValidationError) Visit {
	vi := Visit{Kind: strings.TrimSpace(in.Kind), Date: dateField(v, "date", in.Date, true), NextContact: dateField(v, "next_contact", in.NextContact, false),
		Notes: events.CleanMultiline(in.Notes), People: []Person{}}
	if vi.Kind != VisitDialogue && vi.Kind != VisitLeadership {
		v.Add("kind", "mun.err.visit_kind")
	}
	people := in.People
	if in.PeopleText != "" {
		people = PeopleLines(in.PeopleText)
	}
	for _, p := range people {
		p = Person{Role: events.CleanText(p.Role), Name: events.CleanText(p.Name)}
		if p.Role == "" {
			v.Add("people", "mun.err.person_role")
			break
		}
		if len([]rune(p.Role)) > 200 || len([]rune(p.Name)) > 100 {
			v.Add("people", "mun.err.person_long")
			break
		}
		vi.People = append(vi.People, p)
	}
	if len(vi.People) > 100 {
		v.Add("people", "mun.err.person_long")
	}
	if len(vi.People) == 0 && !v.Has("people") {
		v.Add("people", "mun.err.people")
	}
	vi.Topics = cleanTopics(v, "topics", in.Topics, false)
	events.LimitText(v, "notes", in.Notes, 5000, "mun.f.notes")
	if vi.NextContact != "" && vi.Date != "" && vi.NextContact < vi.Date {
		v.Add("next_contact", "mun.err.next_contact")
	}
	return vi
}

func (in ActionInput) validate(v *events.ValidationError, field string) Action {
	a := Action{What: events.CleanText(in.What), Who: events.CleanText(in.Who), Due: dateField(v, field+"due", in.Due, true)}
	events.RequireText(v, field+"what", in.What, 300, "mun.f.what")
	events.RequireText(v, field+"who", in.Who, 200, "mun.f.who")
	return a
}

// RecordVisit stores a visit record and its agreed actions. A second record for the
// same event is refused with ErrRecorded.
func (s *Store) RecordVisit(ctx context.Context, orgID, code string, in VisitInput, by string) (Visit, []Action, error) {
	var v events.ValidationError
	vi := in.validate(&v)
	var actions []Action
	for i, ai := range in.Actions {
		if ai.Blank() {
			continue
		}
		a := ai.validate(&v, fmt.Sprintf("actions.%d.", i))
		actions = append(actions, a)
	}
	if err := v.Err(); err != nil {
		return Visit{}, nil, err
	}
	now := s.now().UTC().Truncate(time.Millisecond)
	vi.ID, vi.OrgID, vi.Code, vi.RecordedAt, vi.RecordedBy = datastore.NewID(), orgID, code, now, by
	if id := strings.TrimSpace(in.EventID); id != "" {
		vi.ID, vi.EventID = "event:"+id, id
	}
	if _, err := s.visits.InsertOne(ctx, vi); err != nil {
		if datastore.IsDuplicate(err) {
			return Visit{}, nil, ErrRecorded
		}
		return Visit{}, nil, fmt.Errorf("record visit: %w", err)
	}
	for i := range actions {
		a := &actions[i]
		a.ID, a.OrgID, a.Code, a.VisitID, a.AddedAt, a.AddedBy = vi.ID+"|"+fmt.Sprint(i+1), orgID, code, vi.ID, now, by
		if _, err := s.actions.InsertOne(ctx, a); err != nil && !datastore.IsDuplicate(err) {
			return vi, nil, fmt.Errorf("record action: %w", err)
		}
	}
	return vi, actions, nil
}

// ErrRecorded: the event's visit is recorded already.
var ErrRecorded = errors.New("municipal: the visit is recorded already")

// AddAction adds an agreed action to the municipality (to a visit of it, if visitID is set).
func (s *Store) AddAction(ctx context.Context, orgID, code, visitID string, in ActionInput, by string) (Action, error) {
	var v events.ValidationError
	a := in.validate(&v, "")
	if err := v.Err(); err != nil {
		return Action{}, err
	}
	a.ID, a.OrgID, a.Code, a.VisitID, a.AddedAt, a.AddedBy = datastore.NewID(), orgID, code, visitID, s.now().UTC().Truncate(time.Millisecond), by
	if _, err := s.actions.InsertOne(ctx, a); err != nil {
		return Action{}, fmt.Errorf("add action: %w", err)
	}
	return a, nil
}

// ActionDone marks an action done (once: marking it again keeps the first mark);
// ActionReopen takes the mark away.
func (s *Store) ActionDone(ctx context.Context, orgID, code, actionID, by string) error {
	n, err := s.actions.CountDocuments(ctx, bson.D{{Key: "_id", Value: actionID}, {Key: "org_id", Value: orgID}, {Key: "code", Value: code}})
	if err != nil {
		return fmt.Errorf("find action: %w", err)
	}
	if n == 0 {
		return ErrNotFound
	}
	d := actionDone{ID: actionID, OrgID: orgID, Code: code, At: s.now().UTC().Truncate(time.Millisecond), By: by}
	if _, err := s.actionsDone.InsertOne(ctx, d); err != nil && !datastore.IsDuplicate(err) {
		return fmt.Errorf("mark action done: %w", err)
	}
	return nil
}

func (s *Store) ActionReopen(ctx context.Context, orgID, code, actionID string) error {
	_, err := s.actionsDone.DeleteOne(ctx, bson.D{{Key: "_id", Value: actionID}, {Key: "org_id", Value: orgID}, {Key: "code", Value: code}})
	return err
}

// VisitOf is one visit record of the organisation's municipality.
func (s *Store) VisitOf(ctx context.Context, orgID, code, id string) (Visit, error) {
	var v Visit
	err := s.visits.FindOne(ctx, bson.D{{Key: "_id", Value: id}}).Decode(&v)
	if err != nil || v.OrgID != orgID || v.Code != code {
		if err == nil || errors.Is(err, mongo.ErrNoDocuments) {
			return Visit{}, ErrNotFound
		}
		return Visit{}, fmt.Errorf("read visit: %w", err)
	}
	return v, nil
}

// UpdateVisit changes a record's fields (not its event or actions), writing only those.
func (s *Store) UpdateVisit(ctx context.Context, orgID, code, id string, in VisitInput, by string) (Visit, error) {
	old, err := s.VisitOf(ctx, orgID, code, id)
	if err != nil {
		return Visit{}, err
	}
	var v events.ValidationError
	vi := in.validate(&v)
	if err := v.Err(); err != nil {
		return Visit{}, err
	}
	set := bson.D{{Key: "kind", Value: vi.Kind}, {Key: "date", Value: vi.Date}, {Key: "people", Value: vi.People}, {Key: "topics", Value: vi.Topics},
		{Key: "notes", Value: vi.Notes}, {Key: "next_contact", Value: vi.NextContact},
		{Key: "updated_at", Value: s.now().UTC().Truncate(time.Millisecond)}, {Key: "updated_by", Value: by}}
	if _, err := s.visits.UpdateOne(ctx, bson.D{{Key: "_id", Value: id}}, bson.D{{Key: "$set", Value: set}}); err != nil {
		return Visit{}, fmt.Errorf("update visit: %w", err)
	}
	vi.ID, vi.OrgID, vi.Code, vi.EventID, vi.RecordedAt, vi.RecordedBy = old.ID, old.OrgID, old.Code, old.EventID, old.RecordedAt, old.RecordedBy
	return vi, nil
}
