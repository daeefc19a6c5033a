// Package evaluation is the course evaluation (kursutvärdering) of an event: a form
// built from a Swedish/English question bank, answered once per person through their
// personal link after the event, and stored without any link to the person. Results
// follow the small-cell rule: fewer answers than the smallest count shown, and no
// breakdown is shown at all.
package evaluation

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"folkhalsa-events/events"
	"folkhalsa-events/platform/datastore"
	"folkhalsa-events/platform/locale"
)

// Kind is how a bank question is answered.
type Kind string

const (
	KindScale Kind = "scale" // five steps, "Instämmer inte alls" … "Instämmer helt"
	KindText  Kind = "text"  // free text
)

// Question is one question of the bank.
type Question struct {
	ID    string     `json:"id"`
	Kind  Kind       `json:"kind"`
	Label locale.Key `json:"-"`
}

// Bank is every question an evaluation can ask, in the order forms show them.
var Bank = []Question{
	{"relevant", KindScale, "eval.q.relevant"},
	{"knowledge", KindScale, "eval.q.knowledge"},
	{"useful", KindScale, "eval.q.useful"},
	{"organised", KindScale, "eval.q.organised"},
	{"network", KindScale, "eval.q.network"},
	{"overall", KindScale, "eval.q.overall"},
	{"recommend", KindScale, "eval.q.recommend"},
	{"best", KindText, "eval.q.best"},
	{"improve", KindText, "eval.q.improve"},
	{"topics", KindText, "eval.q.topics"},
}

// Default is the form an organiser starts from.
var Default = []string{"relevant", "knowledge", "organised", "overall", "best", "improve"}

// Steps are the scale's five answers, 1 to 5.
var Steps = []locale.Key{"eval.step.1", "eval.step.2", "eval.step.3", "eval.step.4", "eval.step.5"}

// Lookup finds a bank question.
func Lookup(id string) (Question, bool) {
	i := slices.IndexFunc(Bank, func(q Question) bool { return q.ID == id })
	if i < 0 {
		return Question{}, false
	}
	return Bank[i], true
}

var (
	ErrAlreadyAnswered = errors.New("evaluation: already answered")
	ErrLocked          = errors.New("evaluation: the form has answers and can no longer change")
	ErrNotEnabled      = errors.New("evaluation: the event has no evaluation")
)

const maxText = 2000

// Collections: the form of each event, the answers (no person in them), and a marker
// per person who answered (the HMAC of event and registration, nothing else), which
// holds "once per person" by the store rule: only one insert of an _id succeeds.
const (
	FormsCollection    = "evaluation_forms"
	AnswersCollection  = "evaluation_answers"
	AnsweredCollection = "evaluation_answered"
)

// Service keeps evaluations.
type Service struct {
	forms, answers, answered *mongo.Collection
	key                      []byte
	log                      *slog.Logger
}

// NewService keeps evaluations in db; secret is SECRET_KEY (for the markers).
func NewService(db *mongo.Database, secret []byte, logger *slog.Logger) *Service {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	mac := hmac.New(sha256.New, secret)
	mac.Write([]byte("evaluation-markers"))
	return &Service{forms: db.Collection(FormsCollection), answers: db.Collection(AnswersCollection),
		answered: db.Collection(AnsweredCollection), key: mac.Sum(nil), log: logger}
}

// EnsureIndexes prepares the collections (the embedded store's _id lookup index; the
// answers are read by event).
func (s *Service) EnsureIndexes(ctx context.Context) error {
	return errors.Join(datastore.EnsureCollection(ctx, s.forms), datastore.EnsureCollection(ctx, s.answered),
		datastore.EnsureIndexes(ctx, s.answers, datastore.Index("by_event", "event_id")))
}

// Form is an event's evaluation: the bank questions it asks.
type Form struct {
	EventID   string   `bson:"_id" json:"event_id"`
	Questions []string `bson:"questions" json:"questions"`
}

// Enabled tells whether the event asks for an evaluation.
func (f Form) Enabled() bool { return len(f.Questions) > 0 }

// FormOf returns the event's form (none: not enabled).
func (s *Service) FormOf(ctx context.Context, eventID string) (Form, error) {
	var f Form
	err := s.forms.FindOne(ctx, bson.D{{Key: "_id", Value: eventID}}).Decode(&f)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return Form{EventID: eventID, Questions: []string{}}, nil
	}
	if err != nil {
		return Form{}, fmt.Errorf("read evaluation form: %w", err)
	}
	return f, nil
}

// SetQuestions chooses the form's questions (none switches the evaluation off). Once
// someone has answered, the form stays as it is.
func (s *Service) SetQuestions(ctx context.Context, eventID string, ids []string) (Form, error) {
	var v events.ValidationError
	chosen := []string{}
	for _, q := range Bank { // the bank's order, whatever the order sent
		if slices.Contains(ids, q.ID) {
			chosen = append(chosen, q.ID)
		}
	}
	for _, id := range ids {
		if _, ok := Lookup(strings.TrimSpace(id)); !ok {
			v.Add("questions", "eval.err.unknown", id)
			break
		}
	}
	if err := v.Err(); err != nil {
		return Form{}, err
	}
	if n, err := s.answers.CountDocuments(ctx, bson.D{{Key: "event_id", Value: eventID}}); err != nil || n > 0 {
		if err != nil {
			return Form{}, fmt.Errorf("count answers: %w", err)
		}
		return Form{}, ErrLocked
	}
	f := Form{EventID: eventID, Questions: chosen}
	set := bson.D{{Key: "$set", Value: bson.D{{Key: "questions", Value: chosen}}}}
	if _, err := s.forms.UpdateOne(ctx, bson.D{{Key: "_id", Value: eventID}}, set, options.UpdateOne().SetUpsert(true)); err != nil {
		return Form{}, fmt.Errorf("save evaluation form: %w", err)
	}
	return f, nil
}

// markerID names "this registration has answered", without naming the registration.
func (s *Service) markerID(eventID, registrationID string) string {
	mac := hmac.New(sha256.New, s.key)
	mac.Write([]byte(eventID + "|" + registrationID))
	return eventID + "|" + hex.EncodeToString(mac.Sum(nil))
}

// Answered tells whether the registration's person has answered.
func (s *Service) Answered(ctx context.Context, eventID, registrationID string) (bool, error) {
	return datastore.Exists(ctx, s.answered, s.markerID(eventID, registrationID))
}

// answerDoc is one person's answers: no registration, no time, a random id.
type answerDoc struct {
	ID      string            `bson:"_id"`
	EventID string            `bson:"event_id"`
	Scale   map[string]int    `bson:"scale,omitempty"`
	Text    map[string]string `bson:"text,omitempty"`
}

// Submit stores a person's answers once. in maps question id to the answer: "1"–"5"
// for a scale, the text for a free-text question; every question may be left out.
func (s *Service) Submit(ctx context.Context, eventID, registrationID string, in map[string]string) error {
	f, err := s.FormOf(ctx, eventID)
	if err != nil {
		return err
	}
	if !f.Enabled() {
		return ErrNotEnabled
	}
	var v events.ValidationError
	doc := answerDoc{ID: datastore.NewID(), EventID: eventID, Scale: map[string]int{}, Text: map[string]string{}}
	for _, id := range f.Questions {
		q, _ := Lookup(id)
		raw := strings.TrimSpace(in[id])
		if raw == "" {
			continue
		}
		switch q.Kind {
		case KindScale:
			n := int(raw[0] - '0')
			if len(raw) != 1 || n < 1 || n > 5 {
				v.Add("q_"+id, "eval.err.step")
				continue
			}
			doc.Scale[id] = n
		case KindText:
			events.LimitText(&v, "q_"+id, in[id], maxText, "eval.f.answer")
			if t := events.CleanMultiline(in[id]); t != "" {
				doc.Text[id] = t
			}
		}
	}
	if err := v.Err(); err != nil {
		return err
	}
	if len(doc.Scale) == 0 && len(doc.Text) == 0 {
		v.Add("answers", "eval.err.empty")
		return v.Err()
	}
	marker := bson.D{{Key: "_id", Value: s.markerID(eventID, registrationID)}, {Key: "event_id", Value: eventID}}
	if _, err := s.answered.InsertOne(ctx, marker); err != nil {
		if datastore.IsDuplicate(err) {
			return ErrAlreadyAnswered
		}
		return fmt.Errorf("mark answered: %w", err)
	}
	if _, err := s.answers.InsertOne(ctx, doc); err != nil {
		// Without its answers the marker would stop the person from trying again.
		if _, derr := s.answered.DeleteOne(context.WithoutCancel(ctx), bson.D{{Key: "_id", Value: marker[0].Value}}); derr != nil {
			s.log.Warn("evaluation: marker of a failed answer left", "event", eventID, "error", derr)
		}
		return fmt.Errorf("store answers: %w", err)
	}
	return nil
}

// ScaleResult is one scale question's answers.
type ScaleResult struct {
	ID       string  `json:"id"`
	Label    string  `json:"label"`
	Answered int     `json:"answered"`
	Counts   []int   `json:"counts,omitempty"` // steps 1–5; left out below the smallest count
	Mean     float64 `json:"mean,omitempty"`
}

// TextResult is one free-text question's answers, in no particular order.
type TextResult struct {
	ID      string   `json:"id"`
	Label   string   `json:"label"`
	Answers []string `json:"answers,omitempty"`
	Count   int      `json:"count"`
}

// Results are an evaluation's answers under the small-cell rule.
type Results struct {
	Responses int           `json:"responses"`
	MinCell   int           `json:"min_cell"`
	Shown     bool          `json:"shown"` // enough answers to show anything but their number
	Scales    []ScaleResult `json:"scales"`
	Texts     []TextResult  `json:"texts"`
}

// ResultsOf counts the event's answers; with fewer than minCell responses only their
// number is given. Free texts are shuffled: their order says nothing about who or when.
func (s *Service) ResultsOf(ctx context.Context, eventID string, minCell int, lang string) (Results, error) {
	f, err := s.FormOf(ctx, eventID)
	if err != nil {
		return Results{}, err
	}
	cur, err := s.answers.Find(ctx, bson.D{{Key: "event_id", Value: eventID}})
	if err != nil {
		return Results{}, fmt.Errorf("read answers: %w", err)
	}
	var docs []answerDoc
	if err := cur.All(ctx, &docs); err != nil {
		return Results{}, fmt.Errorf("read answers: %w", err)
	}
	res := Results{Responses: len(docs), MinCell: minCell, Shown: len(docs) >= minCell, Scales: []ScaleResult{}, Texts: []TextResult{}}
	for _, id := range f.Questions {
		q, _ := Lookup(id)
		switch q.Kind {
		case KindScale:
			r := ScaleResult{ID: id, Label: q.Label.In(lang)}
			counts, sum := make([]int, 5), 0
			for _, d := range docs {
				if n, ok := d.Scale[id]; ok {
					counts[n-1]++
					sum += n
					r.Answered++
				}
			}
			if res.Shown && r.Answered >= minCell {
				r.Counts = counts
				r.Mean = math.Round(float64(sum)/float64(r.Answered)*10) / 10
			}
			res.Scales = append(res.Scales, r)
		case KindText:
			r := TextResult{ID: id, Label: q.Label.In(lang)}
			for _, d := range docs {
				if t, ok := d.Text[id]; ok {
					r.Answers = append(r.Answers, t)
				}
			}
			r.Count = len(r.Answers)
			if !res.Shown || r.Count < minCell {
				r.Answers = nil
			} else {
				sort.Strings(r.Answers)
				rand.Shuffle(len(r.Answers), func(i, j int) { r.Answers[i], r.Answers[j] = r.Answers[j], r.Answers[i] })
			}
			res.Texts = append(res.Texts, r)
		}
	}
	return res, nil
}
