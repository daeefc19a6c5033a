package app

import (
	"github.com/gofiber/fiber/v2"

	"folkhalsa-events/evaluation"
	"folkhalsa-events/events"
)

// The organiser's page for an event's evaluation (evaluation/): which questions of the
// bank it asks (until the first answer), and the results under the small-cell rule.

func orgEvaluationPath(eventID string) string { return orgEventPath(eventID) + "/evaluation" }

type orgEvalForm struct {
	webForm
	Chosen []string
	Locked bool
}

func (f orgEvalForm) Field(name string) webField {
	opts := make([]webOption, len(evaluation.Bank))
	for i, q := range evaluation.Bank {
		opts[i] = webOption{Value: q.ID, Label: q.Label.In(f.Lang) + " (" + tr(f.Lang, "eval.kind."+string(q.Kind)) + ")"}
	}
	return f.group("checkboxes", "questions", "eval.org.questions", opts, f.Chosen...)
}

func (f orgEvalForm) Summary() webSummary { return f.summary(f.Field, []string{"questions"}) }

type orgEvalPage struct {
	Event     events.Event
	EventPath string
	Form      orgEvalForm
	Enabled   bool
	Results   evaluation.Results
	Notice    string
	Steps     []string
}

// evaluationOf is an event's form and its results in lang.
func (s *server) evaluationOf(c *fiber.Ctx, ev events.Event, lang string) (evaluation.Form, evaluation.Results, error) {
	form, err := s.evals.FormOf(c.UserContext(), ev.ID)
	if err != nil {
		return evaluation.Form{}, evaluation.Results{}, err
	}
	res, err := s.evals.ResultsOf(c.UserContext(), ev.ID, s.followup.MinCell(), lang)
	return form, res, err
}

func (s *server) renderOrgEvaluation(c *fiber.Ctx, ev events.Event, f orgEvalForm) error {
	lang := f.Lang
	form, res, err := s.evaluationOf(c, ev, lang)
	if err != nil {
		return err
	}
	f.Locked = res.Responses > 0
	p := orgEvalPage{Event: ev, EventPath: orgEventPath(ev.ID), Form: f, Enabled: form.Enabled(), Results: res, Notice: orgNotice(c)}
	for _, st := range evaluation.Steps {
		p.Steps = append(p.Steps, st.In(lang))
	}
	noStore(c)
	return s.orgRender(c, formStatus(f.webForm), "organiser/evaluation", orgTitle(lang, tr(lang, "eval.org.title"), f.webForm), p)
}

// GET /organiser/events/:id/evaluation
func (s *server) orgEvaluation(c *fiber.Ctx) error {
	ev, err := s.scopedEvent(c)
	if err != nil {
		return err
	}
	form, err := s.evals.FormOf(c.UserContext(), ev.ID)
	if err != nil {
		return err
	}
	chosen := form.Questions
	if !form.Enabled() {
		chosen = evaluation.Default
	}
	return s.renderOrgEvaluation(c, ev, orgEvalForm{webForm: newWebForm(language(c), orgEvaluationPath(ev.ID)), Chosen: chosen})
}

// POST /organiser/events/:id/evaluation (questions; none switches it off)
func (s *server) orgSaveEvaluation(c *fiber.Ctx) error {
	ev, err := s.scopedEvent(c)
	if err != nil {
		return err
	}
	vals, err := regFormValues(c)
	if err != nil {
		return err
	}
	f := orgEvalForm{webForm: newWebForm(language(c), orgEvaluationPath(ev.ID)), Chosen: vals["questions"]}
	if _, err := s.evals.SetQuestions(c.UserContext(), ev.ID, f.Chosen); !formInvalid(err, &f.webForm) {
		if err != nil {
			return err
		}
		return orgDone(c, orgEvaluationPath(ev.ID), "evaluation-saved")
	}
	return s.renderOrgEvaluation(c, ev, f)
}

// GET /api/v1/events/:id/evaluation: the form and the results.
func (s *server) apiEvaluation(c *fiber.Ctx) error {
	ev, err := s.scopedEvent(c)
	if err != nil {
		return err
	}
	form, res, err := s.evaluationOf(c, ev, language(c))
	if err != nil {
		return err
	}
	noStore(c)
	return c.JSON(fiber.Map{"form": form, "results": res})
}

// PUT /api/v1/events/:id/evaluation {questions: [...]}
func (s *server) apiSetEvaluation(c *fiber.Ctx) error {
	ev, err := s.scopedEvent(c)
	if err != nil {
		return err
	}
	var in struct {
		Questions []string `json:"questions"`
	}
	if err := bind(c, &in); err != nil {
		return err
	}
	form, err := s.evals.SetQuestions(c.UserContext(), ev.ID, in.Questions)
	if err != nil {
		return err
	}
	return c.JSON(form)
}
