package app

import (
	"strings"

	"folkhalsa-events/events"
	"folkhalsa-events/registration"
)

// The event's own questions (events/questions.go) on the registration form and the
// manage page's edit form: one field each, named "q_<id>", in the organiser's order.

// QuestionFields are the form's fields for the event's questions.
func (f regForm) QuestionFields() []webField {
	out := make([]webField, 0, len(f.Questions))
	for _, q := range f.Questions {
		out = append(out, f.questionField(q))
	}
	return out
}

// questionNames are the questions' field names, for the error summary's order.
func (f regForm) questionNames() []string {
	var out []string
	for _, q := range f.Questions {
		out = append(out, registration.QuestionField(q.ID))
	}
	return out
}

// question finds the question a field name belongs to.
func (f regForm) question(name string) (events.Question, bool) {
	id, ok := strings.CutPrefix(name, "q_")
	if !ok {
		return events.Question{}, false
	}
	for _, q := range f.Questions {
		if q.ID == id {
			return q, true
		}
	}
	return events.Question{}, false
}

func (f regForm) questionField(q events.Question) webField {
	lang, name := f.Lang, registration.QuestionField(q.ID)
	vals := f.In.Answers[q.ID]
	one := ""
	if len(vals) > 0 {
		one = regEcho(vals[0])
	}
	var fl webField
	switch q.Kind {
	case events.QuestionText:
		fl = f.input("text", name, "reg.f.answer", one)
	case events.QuestionLong:
		fl = f.textarea(name, "reg.f.answer", one, 4)
	case events.QuestionYesNo:
		fl = f.group("radios", name, "reg.f.answer", []webOption{
			{Value: registration.Yes, Label: tr(lang, "reg.manage.yes")},
			{Value: registration.No, Label: tr(lang, "reg.manage.no")},
		}, vals...)
	default:
		opts := make([]webOption, len(q.Options))
		for i, o := range q.Options {
			opts[i] = webOption{Value: o.ID, Label: o.Label.In(lang)}
		}
		kind := "radios"
		if q.Kind.Many() {
			kind = "checkboxes"
		}
		fl = f.group(kind, name, "reg.f.answer", opts, vals...)
	}
	fl.Label, fl.Hint = q.Label.In(lang), ""
	if q.Kind.Many() {
		fl.Hint = tr(lang, "reg.f.answer.many")
	}
	fl.Required = q.Required && !f.ByOrganiser
	return fl
}

// answersOf is the stored answers as form input, for the edit forms.
func answersOf(r registration.Registration) map[string]registration.AnswerValue {
	out := map[string]registration.AnswerValue{}
	for _, a := range r.Answers {
		out[a.Question] = a.Values
	}
	return out
}

// readAnswers takes the questions' fields ("q_<id>") of a submitted form.
func readAnswers(vals map[string][]string) map[string]registration.AnswerValue {
	out := map[string]registration.AnswerValue{}
	for k, v := range vals {
		if id, ok := strings.CutPrefix(k, "q_"); ok && id != "" {
			out[id] = v
		}
	}
	return out
}

// answerRows are a registration's answers in words, in the questions' order.
func answerRows(qs []events.Question, r registration.Registration, lang string) []regDetail {
	var out []regDetail
	for _, q := range qs {
		text := registration.AnswerText(q, r.AnswerOf(q.ID), lang)
		if text == "" {
			text = tr(lang, "reg.manage.none")
		}
		out = append(out, regDetail{Label: q.Label.In(lang), Value: text})
	}
	return out
}
