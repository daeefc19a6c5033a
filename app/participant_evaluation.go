package app

import (
	"errors"
	"net/http"
	"slices"

	"github.com/gofiber/fiber/v2"

	"folkhalsa-events/evaluation"
	"folkhalsa-events/events"
	"folkhalsa-events/registration"
)

// The participant's evaluation through the manage link, /manage/:rid/:token/evaluation:
// open once the event has ended to those it reached (checked in, or confirmed where
// check-in was not used), answered once, stored without the person (evaluation/).

var errEvaluationClosed = apiError{http.StatusNotFound, "evaluation_closed", "err.evaluation_closed"}

// evaluationState is whether a registration may answer its event's evaluation.
type evaluationState struct {
	Form     evaluation.Form
	Open     bool // may answer now
	Answered bool
}

func (s *server) evaluationFor(c *fiber.Ctx, ev events.Event, r registration.Registration) (evaluationState, error) {
	ctx := c.UserContext()
	f, err := s.evals.FormOf(ctx, ev.ID)
	if err != nil || !f.Enabled() || r.Status != registration.StatusConfirmed || ev.Status != events.StatusPublished || s.now().Before(ev.End) {
		return evaluationState{Form: f}, err
	}
	arrived, err := s.badges.Arrived(ctx, ev.ID)
	if err != nil {
		return evaluationState{}, err
	}
	if len(arrived) > 0 && !arrived[r.ID] && r.Mode != events.ModeDigital {
		return evaluationState{Form: f}, nil // check-in was used and the person did not come
	}
	answered, err := s.evals.Answered(ctx, ev.ID, r.ID)
	if err != nil {
		return evaluationState{}, err
	}
	return evaluationState{Form: f, Open: !answered, Answered: answered}, nil
}

// evalForm is the evaluation form: a five-step radio group per statement, a text box
// per open question.
type evalForm struct {
	webForm
	Questions []evaluation.Question
	In        map[string]string
}

// Field is one question's field by its name, "q_<id>".
func (f evalForm) Field(name string) webField {
	for _, q := range f.Questions {
		if "q_"+q.ID != name {
			continue
		}
		var fl webField
		if q.Kind == evaluation.KindScale {
			opts := make([]webOption, len(evaluation.Steps))
			for i, st := range evaluation.Steps {
				opts[i] = webOption{Value: string(rune('1' + i)), Label: st.In(f.Lang)}
			}
			fl = f.group("radios", name, "eval.f.answer", opts, f.In[q.ID])
		} else {
			fl = f.textarea(name, "eval.f.answer", regEcho(f.In[q.ID]), 4)
		}
		fl.Label, fl.Hint = q.Label.In(f.Lang), ""
		return fl
	}
	return f.field("text", name, "eval.f.answer") // "answers": the form as a whole
}

// order is the fields' names as the page shows them, then the form's own problem.
func (f evalForm) order() []string {
	var out []string
	for _, q := range f.Questions {
		out = append(out, "q_"+q.ID)
	}
	return append(out, "answers")
}

func (f evalForm) Fields() []webField { return fieldList(f.Field, f.order()[:len(f.Questions)]) }

func (f evalForm) Summary() webSummary { return f.summary(f.Field, f.order()) }

type evalPage struct {
	Event events.Event
	Form  evalForm
	Back  string
}

func newEvalForm(lang, action string, form evaluation.Form, in map[string]string) evalForm {
	f := evalForm{webForm: newWebForm(lang, action), In: in}
	for _, id := range form.Questions {
		if q, ok := evaluation.Lookup(id); ok {
			f.Questions = append(f.Questions, q)
		}
	}
	return f
}

// evaluationLoad reads the manage link's registration, its event and its evaluation
// state, with the manage page's path.
func (s *server) evaluationLoad(c *fiber.Ctx) (registration.Registration, events.Event, evaluationState, string, error) {
	r, ev, err := s.regLoad(c)
	if err != nil {
		return registration.Registration{}, events.Event{}, evaluationState{}, "", err
	}
	st, err := s.evaluationFor(c, ev, r)
	return r, ev, st, regManagePath(r.ID, c.Params("token")), err
}

// GET /manage/:rid/:token/evaluation
func (s *server) regEvaluation(c *fiber.Ctx) error {
	_, ev, st, base, err := s.evaluationLoad(c)
	if err != nil {
		return err
	}
	if st.Answered {
		return c.Redirect(base+"?notice=evaluated", fiber.StatusSeeOther)
	}
	if !st.Open {
		return errEvaluationClosed
	}
	return s.renderEvaluation(c, fiber.StatusOK, ev, newEvalForm(language(c), base+"/evaluation", st.Form, map[string]string{}), base)
}

func (s *server) renderEvaluation(c *fiber.Ctx, status int, ev events.Event, f evalForm, back string) error {
	lang := language(c)
	title := tr(lang, "eval.title") + ": " + ev.Title.In(lang)
	if f.HasErrors() {
		title = tr(lang, "org.title.error") + " " + title
	}
	c.Status(status)
	return s.render(c, "participant/evaluation", page{Title: title, Data: evalPage{Event: ev, Form: f, Back: back}})
}

// POST /manage/:rid/:token/evaluation
func (s *server) regSubmitEvaluation(c *fiber.Ctx) error {
	r, ev, st, base, err := s.evaluationLoad(c)
	if err != nil {
		return err
	}
	if st.Answered {
		return evaluation.ErrAlreadyAnswered
	}
	if !st.Open {
		return errEvaluationClosed
	}
	in := map[string]string{}
	if isForm(c) {
		vals, err := regFormValues(c)
		if err != nil {
			return err
		}
		for _, id := range st.Form.Questions {
			in[id] = formValue(vals, "q_"+id)
		}
	} else {
		var body struct {
			Answers map[string]string `json:"answers"`
		}
		if err := bind(c, &body); err != nil {
			return err
		}
		for id, v := range body.Answers {
			if slices.Contains(st.Form.Questions, id) {
				in[id] = v
			}
		}
	}
	err = s.evals.Submit(c.UserContext(), ev.ID, r.ID, in)
	var ve *events.ValidationError
	if errors.As(err, &ve) && isForm(c) {
		f := newEvalForm(language(c), base+"/evaluation", st.Form, in)
		formInvalid(err, &f.webForm)
		return s.renderEvaluation(c, fiber.StatusUnprocessableEntity, ev, f, base)
	}
	if err != nil {
		return err
	}
	if !isForm(c) {
		return c.JSON(fiber.Map{"answered": true})
	}
	return c.Redirect(base+"?notice=evaluated", fiber.StatusSeeOther)
}
