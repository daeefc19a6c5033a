package events

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"folkhalsa-events/platform/datastore"
)

// An event's own questions on the registration form, besides the fixed ones: short
// text, long text, one choice, several choices, yes/no, and the days and meals of a
// multi-day event, whose counts go to the caterer (registration.Needs). The organiser
// writes them in Swedish and, if they like, English; participants answer them on the
// form and the manage page (registration.Answer).
//
// They are kept in the event document, so the registration path, which reads the
// event anyway (and keeps it a few seconds), reads nothing more. A change writes only
// the event's "questions" field; like any event edit, two organisers changing them at
// the same instant get the last one's.

// QuestionKind is how a question is answered.
type QuestionKind string

const (
	QuestionText     QuestionKind = "text"     // a line of text
	QuestionLong     QuestionKind = "long"     // a few paragraphs
	QuestionChoice   QuestionKind = "choice"   // one of the options
	QuestionMulti    QuestionKind = "multi"    // any of the options
	QuestionYesNo    QuestionKind = "yesno"    // yes or no
	QuestionCatering QuestionKind = "catering" // days and meals: any of the options, counted for the caterer
)

// QuestionKinds in the order the organiser's form offers them.
var QuestionKinds = []QuestionKind{QuestionText, QuestionLong, QuestionChoice, QuestionMulti, QuestionYesNo, QuestionCatering}

// HasOptions tells whether answers are chosen among options.
func (k QuestionKind) HasOptions() bool {
	return k == QuestionChoice || k == QuestionMulti || k == QuestionCatering
}

// Many tells whether several options may be chosen.
func (k QuestionKind) Many() bool { return k == QuestionMulti || k == QuestionCatering }

// Question is one question of an event's registration form.
type Question struct {
	ID       string           `bson:"id" json:"id"`
	Kind     QuestionKind     `bson:"kind" json:"kind"`
	Label    Text             `bson:"label" json:"label"`
	Required bool             `bson:"required" json:"required"`
	Options  []QuestionOption `bson:"options,omitempty" json:"options,omitempty"`
}

// QuestionOption is one option of a choice question.
type QuestionOption struct {
	ID    string `bson:"id" json:"id"`
	Label Text   `bson:"label" json:"label"`
}

// OptionLabel is the label of option id in lang, "" when the question has no such option.
func (q Question) OptionLabel(id, lang string) string {
	for _, o := range q.Options {
		if o.ID == id {
			return o.Label.In(lang)
		}
	}
	return ""
}

// QuestionInput is the organiser's question form or JSON body. Options are one per
// line, "Svenska | English" (the English part is optional); as JSON they may also
// come as a list of such lines.
type QuestionInput struct {
	Kind     string   `json:"kind" form:"kind"`
	LabelSV  string   `json:"label_sv" form:"label_sv"`
	LabelEN  string   `json:"label_en" form:"label_en"`
	Required bool     `json:"required" form:"required"`
	Options  string   `json:"options_text" form:"options"`
	List     []string `json:"options" form:"-"`
}

const (
	maxQuestions     = 20
	maxOptions       = 30
	maxQuestionLabel = 200
	maxOptionLabel   = 100
)

// validate turns the input into a question, keeping the ids of options whose Swedish
// label stays (answers refer to them), from was when the question is edited.
func (in QuestionInput) validate(was Question) (Question, error) {
	var v ValidationError
	q := Question{ID: was.ID, Kind: QuestionKind(strings.TrimSpace(in.Kind)), Required: in.Required,
		Label: Text{SV: CleanText(in.LabelSV), EN: CleanText(in.LabelEN)}}
	if !slices.Contains(QuestionKinds, q.Kind) {
		v.Add("kind", "events.err.question_kind")
	}
	RequireText(&v, "label_sv", in.LabelSV, maxQuestionLabel, "events.f.question_sv")
	LimitText(&v, "label_en", in.LabelEN, maxQuestionLabel, "events.f.question_en")
	lines := in.List
	if len(lines) == 0 {
		lines = strings.Split(in.Options, "\n")
	}
	seen := map[string]bool{}
	for _, line := range lines {
		sv, en, _ := strings.Cut(line, "|")
		o := QuestionOption{Label: Text{SV: CleanText(sv), EN: CleanText(en)}}
		if o.Label.SV == "" {
			continue
		}
		if len([]rune(o.Label.SV)) > maxOptionLabel || len([]rune(o.Label.EN)) > maxOptionLabel {
			v.Add("options", "events.err.option_long", maxOptionLabel)
			break
		}
		key := strings.ToLower(o.Label.SV)
		if seen[key] {
			v.Add("options", "events.err.option_twice", o.Label.SV)
			break
		}
		seen[key] = true
		o.ID = optionID(was, o.Label.SV)
		q.Options = append(q.Options, o)
	}
	switch {
	case !q.Kind.HasOptions():
		q.Options = nil
	case len(q.Options) > maxOptions:
		v.Add("options", "events.err.options_many", maxOptions)
	case q.Kind == QuestionChoice && len(q.Options) < 2:
		v.Add("options", "events.err.options_few")
	case len(q.Options) == 0:
		v.Add("options", "events.err.options_none")
	}
	return q, v.Err()
}

// optionID keeps the id of an option that had the same Swedish label, so that answers
// given before an edit still point at it; a new option gets a new id.
func optionID(was Question, label string) string {
	for _, o := range was.Options {
		if strings.EqualFold(o.Label.SV, label) {
			return o.ID
		}
	}
	return datastore.NewID()[:8]
}

// OptionsText is the question's options as the form's text: one per line, "sv | en".
func (q Question) OptionsText() string {
	var b strings.Builder
	for _, o := range q.Options {
		b.WriteString(o.Label.SV)
		if o.Label.EN != "" {
			b.WriteString(" | " + o.Label.EN)
		}
		b.WriteString("\n")
	}
	return b.String()
}

// Question returns one question of the event.
func (ev Event) Question(id string) (Question, bool) {
	i, err := questionIndex(ev, id)
	if err != nil {
		return Question{}, false
	}
	return ev.Questions[i], true
}

func questionIndex(ev Event, id string) (int, error) {
	i := slices.IndexFunc(ev.Questions, func(q Question) bool { return q.ID == id })
	if i < 0 {
		return 0, ErrNotFound
	}
	return i, nil
}

// AddQuestion adds a question at the end of the event's form.
func (s *Store) AddQuestion(ctx context.Context, eventID string, in QuestionInput) (Question, error) {
	ev, err := s.editable(ctx, eventID)
	if err != nil {
		return Question{}, err
	}
	if len(ev.Questions) >= maxQuestions {
		var v ValidationError
		v.Add("label_sv", "events.err.questions_many", maxQuestions)
		return Question{}, v.Err()
	}
	q, err := in.validate(Question{ID: datastore.NewID()[:10]})
	if err != nil {
		return Question{}, err
	}
	return q, s.setQuestions(ctx, ev.ID, append(ev.Questions, q))
}

// UpdateQuestion changes a question in place.
func (s *Store) UpdateQuestion(ctx context.Context, eventID, id string, in QuestionInput) (Question, error) {
	ev, err := s.editable(ctx, eventID)
	if err != nil {
		return Question{}, err
	}
	i, err := questionIndex(ev, id)
	if err != nil {
		return Question{}, err
	}
	q, err := in.validate(ev.Questions[i])
	if err != nil {
		return Question{}, err
	}
	ev.Questions[i] = q
	return q, s.setQuestions(ctx, ev.ID, ev.Questions)
}

// MoveQuestion moves a question one place up (by -1) or down (by 1).
func (s *Store) MoveQuestion(ctx context.Context, eventID, id string, by int) error {
	ev, err := s.editable(ctx, eventID)
	if err != nil {
		return err
	}
	i, err := questionIndex(ev, id)
	if err != nil {
		return err
	}
	j := i + by
	if j < 0 || j >= len(ev.Questions) {
		return nil
	}
	ev.Questions[i], ev.Questions[j] = ev.Questions[j], ev.Questions[i]
	return s.setQuestions(ctx, ev.ID, ev.Questions)
}

// DeleteQuestion takes a question off the form; answers already given stay with
// their registrations but are no longer shown.
func (s *Store) DeleteQuestion(ctx context.Context, eventID, id string) error {
	ev, err := s.editable(ctx, eventID)
	if err != nil {
		return err
	}
	i, err := questionIndex(ev, id)
	if err != nil {
		return err
	}
	return s.setQuestions(ctx, ev.ID, slices.Delete(ev.Questions, i, i+1))
}

func (s *Store) editable(ctx context.Context, eventID string) (Event, error) {
	ev, err := s.Event(ctx, eventID)
	if err != nil {
		return Event{}, err
	}
	if ev.Status == StatusCancelled {
		return Event{}, ErrCancelled
	}
	return ev, nil
}

func (s *Store) setQuestions(ctx context.Context, eventID string, qs []Question) error {
	if qs == nil {
		qs = []Question{}
	}
	err := s.updateEvent(ctx, eventID, bson.D{{Key: "$set", Value: bson.D{
		{Key: "questions", Value: qs}, {Key: "updated_at", Value: s.now().UTC()},
	}}})
	if err != nil {
		return fmt.Errorf("save questions: %w", err)
	}
	return nil
}

// CateringOptions are suggested days and meals for a catering question: one "Dag n"
// per day of the event, each with its date, then a conference dinner when it spans
// more than one day.
func CateringOptions(ev Event) string {
	var b strings.Builder
	first := ev.Start.In(Stockholm)
	sy, sm, sd := first.Date()
	ey, em, ed := ev.End.In(Stockholm).Date()
	span := time.Date(ey, em, ed, 12, 0, 0, 0, Stockholm).Sub(time.Date(sy, sm, sd, 12, 0, 0, 0, Stockholm))
	days := min(max(int(span.Round(24*time.Hour)/(24*time.Hour))+1, 1), 14)
	for i := range days {
		d := first.AddDate(0, 0, i)
		fmt.Fprintf(&b, "Dag %d, %s | Day %d, %s\n", i+1, LongDate(d, "sv"), i+1, LongDate(d, "en"))
	}
	if days > 1 {
		b.WriteString("Konferensmiddag | Conference dinner\n")
	}
	return b.String()
}
