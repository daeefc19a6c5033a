package registration

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"folkhalsa-events/events"
	"folkhalsa-events/platform/locale"
)

// Answers to an event's own questions (events/questions.go), given on the form and
// the manage page, shown in the participant list, the CSV and the JSON API, and
// counted in the needs summary (choices, and the days and meals for the caterer).

// Answer is one answer as stored: the text, the chosen option ids, or "yes"/"no".
type Answer struct {
	Question string   `bson:"q" json:"question_id"`
	Values   []string `bson:"v" json:"values"`
}

// Yes and No are the values of a yes/no answer.
const (
	Yes = "yes"
	No  = "no"
)

// AnswerValue is an answer as sent: form fields give strings; JSON may also give a
// single string or a boolean (yes/no questions).
type AnswerValue []string

// UnmarshalJSON accepts "text", ["a", "b"] and true/false.
func (a *AnswerValue) UnmarshalJSON(b []byte) error {
	var one string
	if err := json.Unmarshal(b, &one); err == nil {
		*a = AnswerValue{one}
		return nil
	}
	var yes bool
	if err := json.Unmarshal(b, &yes); err == nil {
		*a = AnswerValue{map[bool]string{true: Yes, false: No}[yes]}
		return nil
	}
	var many []string
	if err := json.Unmarshal(b, &many); err != nil {
		return fmt.Errorf("an answer is a text, a list of texts or true/false")
	}
	*a = many
	return nil
}

// QuestionField is the form field (and validation key) of a question.
func QuestionField(id string) string { return "q_" + id }

// answers checks the answers against the event's questions: every required one
// answered (if required says so), texts within their length, choices among the
// options. Answers to questions the event does not have are refused.
func answers(v *events.ValidationError, in map[string]AnswerValue, qs []events.Question, required bool) []Answer {
	for id := range in {
		if !slices.ContainsFunc(qs, func(q events.Question) bool { return q.ID == id }) {
			v.Add("answers", "reg.err.answer_unknown", id)
			return nil
		}
	}
	out := []Answer{}
	for _, q := range qs {
		field := QuestionField(q.ID)
		var vals []string
		for _, s := range in[q.ID] {
			if q.Kind == events.QuestionLong {
				s = events.CleanMultiline(s)
			} else {
				s = events.CleanText(s)
			}
			if s != "" && !slices.Contains(vals, s) {
				vals = append(vals, s)
			}
		}
		if len(vals) == 0 {
			if q.Required && required {
				v.Add(field, "reg.err.answer_required", q.Label)
			}
			continue
		}
		switch q.Kind {
		case events.QuestionText, events.QuestionLong:
			limit := maxText
			if q.Kind == events.QuestionLong {
				limit = maxNotes
			}
			raw := strings.Join(in[q.ID], "\n")
			events.LimitText(v, field, raw, limit, "reg.f.answer")
			vals = vals[:1]
		case events.QuestionYesNo:
			if len(vals) != 1 || (vals[0] != Yes && vals[0] != No) {
				v.Add(field, "reg.err.answer_choice", q.Label)
				continue
			}
		default:
			if len(vals) > 1 && !q.Kind.Many() {
				v.Add(field, "reg.err.answer_one", q.Label)
				continue
			}
			if slices.ContainsFunc(vals, func(id string) bool { return q.OptionLabel(id, "sv") == "" }) {
				v.Add(field, "reg.err.answer_choice", q.Label)
				continue
			}
		}
		out = append(out, Answer{Question: q.ID, Values: vals})
	}
	return out
}

// AnswerOf is the registration's answer to a question (nil if none).
func (r Registration) AnswerOf(id string) []string {
	for _, a := range r.Answers {
		if a.Question == id {
			return a.Values
		}
	}
	return nil
}

// AnswerText is an answer in words: the text, the chosen options' labels joined by
// "; ", or yes/no in lang; "" when the question was not answered.
func AnswerText(q events.Question, vals []string, lang string) string {
	switch q.Kind {
	case events.QuestionText, events.QuestionLong:
		return strings.Join(vals, "\n")
	case events.QuestionYesNo:
		if len(vals) == 0 {
			return ""
		}
		return localeYesNo(vals[0], lang)
	}
	var labels []string
	for _, id := range vals {
		if l := q.OptionLabel(id, lang); l != "" { // an option taken away since is not shown
			labels = append(labels, l)
		}
	}
	return strings.Join(labels, "; ")
}

// OptionCount is how many chose one option.
type OptionCount struct {
	ID    string `json:"id"`
	Label string `json:"label"`
	Count int    `json:"count"`
}

// QuestionCounts are the counts of one choice or yes/no question.
type QuestionCounts struct {
	Question events.Question `json:"question"`
	Options  []OptionCount   `json:"options"`
	Answered int             `json:"answered"`
}

// countAnswers counts the options chosen by the registrations, per question with options
// or yes/no, in the questions' and options' order.
func countAnswers(qs []events.Question, list []Registration, lang string, keep func(events.Question) bool) []QuestionCounts {
	var out []QuestionCounts
	for _, q := range qs {
		if !keep(q) {
			continue
		}
		c := QuestionCounts{Question: q}
		opts := q.Options
		if q.Kind == events.QuestionYesNo {
			opts = []events.QuestionOption{{ID: Yes}, {ID: No}}
		}
		for _, o := range opts {
			label := o.Label.In(lang)
			if q.Kind == events.QuestionYesNo {
				label = localeYesNo(o.ID, lang)
			}
			c.Options = append(c.Options, OptionCount{ID: o.ID, Label: label})
		}
		for _, r := range list {
			vals := r.AnswerOf(q.ID)
			if len(vals) > 0 {
				c.Answered++
			}
			for i, o := range c.Options {
				if slices.Contains(vals, o.ID) {
					c.Options[i].Count++
				}
			}
		}
		out = append(out, c)
	}
	return out
}

func localeYesNo(v, lang string) string {
	if v == Yes {
		return locale.T(lang, "csv.yes")
	}
	return locale.T(lang, "csv.no")
}
