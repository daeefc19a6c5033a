package app

import (
	"github.com/gofiber/fiber/v2"

	"folkhalsa-events/events"
	"folkhalsa-events/registration"
)

// The organiser's page for an event's own questions on the registration form
// (events/questions.go): the list in form order, with edit, move and delete, and a
// form to add one. "Dagar och måltider" starts from the event's days and a dinner.

func orgQuestionsPath(eventID string) string { return orgEventPath(eventID) + "/questions" }

type orgQuestionsPage struct {
	Event     events.Event
	Path      string
	Rows      []orgQuestionRow
	Form      orgQuestionForm
	Editing   bool // Form edits an existing question (its own page)
	Notice    string
	EventPath string
}

type orgQuestionRow struct {
	Q        events.Question
	Kind     string
	Options  []string
	Answered int // registrations (not cancelled) that answered it
	First    bool
	Last     bool
}

// orgQuestionForm is the add or edit form of one question.
type orgQuestionForm struct {
	webForm
	In events.QuestionInput
}

var orgQuestionOrder = []string{"kind", "label_sv", "label_en", "required", "options"}

func (f orgQuestionForm) Field(name string) webField {
	switch name {
	case "kind":
		opts := make([]webOption, len(events.QuestionKinds))
		for i, k := range events.QuestionKinds {
			opts[i] = webOption{Value: string(k), Label: tr(f.Lang, "org.question.kind."+string(k))}
		}
		return required(f.selectOne(name, "org.f.question_kind", f.In.Kind, opts))
	case "label_sv":
		return required(f.input("text", name, "events.f.question_sv", f.In.LabelSV))
	case "label_en":
		return f.input("text", name, "events.f.question_en", f.In.LabelEN)
	case "required":
		return f.yesBox(name, "org.f.question_required", "org.f.question_required.option", f.In.Required)
	case "options":
		return f.textarea(name, "org.f.question_options", f.In.Options, 6)
	}
	panic("question form has no field " + name)
}

func (f orgQuestionForm) Fields() []webField { return fieldList(f.Field, orgQuestionOrder) }

func (f orgQuestionForm) Summary() webSummary { return f.summary(f.Field, orgQuestionOrder) }

// questionInputOf is an existing question as its form's input.
func questionInputOf(q events.Question) events.QuestionInput {
	return events.QuestionInput{Kind: string(q.Kind), LabelSV: q.Label.SV, LabelEN: q.Label.EN, Required: q.Required, Options: q.OptionsText()}
}

// GET /organiser/events/:id/questions
func (s *server) orgQuestions(c *fiber.Ctx) error {
	ev, err := s.scopedEvent(c)
	if err != nil {
		return err
	}
	f := orgQuestionForm{webForm: newWebForm(language(c), orgQuestionsPath(ev.ID)), In: events.QuestionInput{Kind: string(events.QuestionText)}}
	return s.renderQuestions(c, ev, f, false)
}

func (s *server) renderQuestions(c *fiber.Ctx, ev events.Event, f orgQuestionForm, editing bool) error {
	lang := f.Lang
	list, err := s.regs.List(c.UserContext(), ev.ID, registration.ListFilter{})
	if err != nil {
		return err
	}
	p := orgQuestionsPage{Event: ev, Path: orgQuestionsPath(ev.ID), Form: f, Editing: editing, Notice: orgNotice(c), EventPath: orgEventPath(ev.ID)}
	for i, q := range ev.Questions {
		row := orgQuestionRow{Q: q, Kind: tr(lang, "org.question.kind."+string(q.Kind)), First: i == 0, Last: i == len(ev.Questions)-1}
		for _, o := range q.Options {
			row.Options = append(row.Options, o.Label.In(lang))
		}
		for _, r := range list {
			if r.Status != registration.StatusCancelled && len(r.AnswerOf(q.ID)) > 0 {
				row.Answered++
			}
		}
		p.Rows = append(p.Rows, row)
	}
	noStore(c) // counts of answers: kept out of shared caches like the lists they come from
	title := tr(lang, "org.questions.title")
	if editing {
		title = tr(lang, "org.question.edit")
	}
	return s.orgRender(c, formStatus(f.webForm), "organiser/questions", orgTitle(lang, title, f.webForm), p)
}

// readQuestion binds the question form; a days-and-meals question without options
// gets the event's days and a dinner to start from.
func readQuestion(c *fiber.Ctx, ev events.Event, f *orgQuestionForm) error {
	if err := bindForm(c, &f.In, &f.webForm); err != nil {
		return err
	}
	f.In.Required = c.FormValue("required") != ""
	if events.QuestionKind(f.In.Kind) == events.QuestionCatering && f.In.Options == "" {
		f.In.Options = events.CateringOptions(ev)
		if f.In.LabelSV == "" {
			f.In.LabelSV, f.In.LabelEN = tr("sv", "org.question.catering.label"), tr("en", "org.question.catering.label")
		}
	}
	return nil
}

// POST /organiser/events/:id/questions
func (s *server) orgAddQuestion(c *fiber.Ctx) error { return s.orgSaveQuestion(c, "") }

// POST /organiser/events/:id/questions/:qid
func (s *server) orgUpdateQuestion(c *fiber.Ctx) error { return s.orgSaveQuestion(c, c.Params("qid")) }

// orgSaveQuestion adds a question (id "") or changes one; a problem shows the form again.
func (s *server) orgSaveQuestion(c *fiber.Ctx, id string) error {
	ev, err := s.scopedEvent(c)
	if err != nil {
		return err
	}
	action, notice := orgQuestionsPath(ev.ID), "question-added"
	if id != "" {
		action, notice = action+"/"+id, "question-saved"
	}
	f := orgQuestionForm{webForm: newWebForm(language(c), action)}
	if err := readQuestion(c, ev, &f); err != nil {
		return err
	}
	if id == "" {
		_, err = s.events.AddQuestion(c.UserContext(), ev.ID, f.In)
	} else {
		_, err = s.events.UpdateQuestion(c.UserContext(), ev.ID, id, f.In)
	}
	if !formInvalid(err, &f.webForm) {
		if err != nil {
			return err
		}
		return orgDone(c, orgQuestionsPath(ev.ID), notice)
	}
	return s.renderQuestions(c, ev, f, id != "")
}

// GET /organiser/events/:id/questions/:qid/edit
func (s *server) orgEditQuestion(c *fiber.Ctx) error {
	ev, err := s.scopedEvent(c)
	if err != nil {
		return err
	}
	q, ok := ev.Question(c.Params("qid"))
	if !ok {
		return events.ErrNotFound
	}
	f := orgQuestionForm{webForm: newWebForm(language(c), orgQuestionsPath(ev.ID)+"/"+q.ID), In: questionInputOf(q)}
	return s.renderQuestions(c, ev, f, true)
}

// POST /organiser/events/:id/questions/:qid/move (direction=up|down)
func (s *server) orgMoveQuestion(c *fiber.Ctx) error {
	ev, err := s.scopedEvent(c)
	if err != nil {
		return err
	}
	by := 1
	if c.FormValue("direction") == "up" {
		by = -1
	}
	if err := s.events.MoveQuestion(c.UserContext(), ev.ID, c.Params("qid"), by); err != nil {
		return err
	}
	return orgDone(c, orgQuestionsPath(ev.ID), "question-moved")
}

// POST /organiser/events/:id/questions/:qid/delete
func (s *server) orgDeleteQuestion(c *fiber.Ctx) error {
	ev, err := s.scopedEvent(c)
	if err != nil {
		return err
	}
	if err := s.events.DeleteQuestion(c.UserContext(), ev.ID, c.Params("qid")); err != nil {
		return err
	}
	return orgDone(c, orgQuestionsPath(ev.ID), "question-deleted")
}

// The JSON API: GET and POST /api/v1/events/:id/questions, PUT and DELETE .../:qid.

func (s *server) apiListQuestions(c *fiber.Ctx) error {
	ev, err := s.scopedEvent(c)
	if err != nil {
		return err
	}
	if ev.Questions == nil {
		ev.Questions = []events.Question{}
	}
	return c.JSON(fiber.Map{"questions": ev.Questions})
}

func (s *server) apiAddQuestion(c *fiber.Ctx) error {
	ev, err := s.scopedEvent(c)
	if err != nil {
		return err
	}
	var in events.QuestionInput
	if err := bind(c, &in); err != nil {
		return err
	}
	q, err := s.events.AddQuestion(c.UserContext(), ev.ID, in)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(q)
}

func (s *server) apiUpdateQuestion(c *fiber.Ctx) error {
	ev, err := s.scopedEvent(c)
	if err != nil {
		return err
	}
	var in events.QuestionInput
	if err := bind(c, &in); err != nil {
		return err
	}
	q, err := s.events.UpdateQuestion(c.UserContext(), ev.ID, c.Params("qid"), in)
	if err != nil {
		return err
	}
	return c.JSON(q)
}

func (s *server) apiDeleteQuestion(c *fiber.Ctx) error {
	ev, err := s.scopedEvent(c)
	if err != nil {
		return err
	}
	if err := s.events.DeleteQuestion(c.UserContext(), ev.ID, c.Params("qid")); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}
