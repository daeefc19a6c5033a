package app

import (
	"fmt"
	"strings"

	"github.com/gofiber/fiber/v2"

	"folkhalsa-events/events"
	"folkhalsa-events/municipal"
	"folkhalsa-events/registration"
)

// A municipality asks for a visit or a tailored training (municipal/requests.go): the
// public form at /visit-request (?org= picks the organisation, for a link from its web
// site) and POST /api/v1/public/visit-requests. Rate limited and with a honeypot, like
// registration.

const visitRequestPath = "/visit-request"

// visitRequestInput is the form: the request and the honeypot.
type visitRequestInput struct {
	municipal.RequestInput
	Website string `json:"website" form:"website"`
}

type visitRequestForm struct {
	webForm
	In   municipal.RequestInput
	Orgs []events.Organisation
}

func (f visitRequestForm) Field(name string) webField {
	switch name {
	case "organisation":
		opts := []webOption{{Value: "", Label: tr(f.Lang, "vreq.f.organisation.choose")}}
		for _, o := range f.Orgs {
			opts = append(opts, webOption{Value: o.ID, Label: o.Name + " (" + o.County + ")"})
		}
		return required(f.selectOne(name, "vreq.f.organisation", f.In.Organisation, opts))
	case "kind":
		var opts []webOption
		for _, k := range municipal.RequestKinds {
			opts = append(opts, webOption{Value: k, Label: tr(f.Lang, "vreq.kind."+k)})
		}
		return required(f.group("radios", name, "vreq.f.kind", opts, f.In.Kind))
	case "municipality":
		fl := required(f.municipality(f.In.Municipality))
		fl.Label, fl.Hint = tr(f.Lang, "vreq.f.municipality"), tr(f.Lang, "vreq.f.municipality.hint")
		return fl
	case "name":
		return required(f.input("text", name, "vreq.f.name", f.In.Name))
	case "role":
		return f.input("text", name, "vreq.f.role", f.In.Role)
	case "email":
		return required(f.input("email", name, "vreq.f.email", f.In.Email))
	case "phone":
		return f.input("tel", name, "vreq.f.phone", f.In.Phone)
	case "period":
		return f.input("text", name, "vreq.f.period", f.In.Period)
	case "message":
		return f.textarea(name, "vreq.f.message", f.In.Message, 6)
	}
	panic("visit request form has no field " + name)
}

func (f visitRequestForm) Fields(names ...string) []webField { return fieldList(f.Field, names) }

// Topics are the topic checkboxes, a group per heading; the first carries the error.
func (f visitRequestForm) Topics() []webField { return topicFields(f.webForm, "topics", f.In.Topics) }

func (f visitRequestForm) Summary() webSummary {
	return f.summary(f.Field, []string{"organisation", "kind", "municipality", "name", "role", "email", "phone", "period", "message"})
}

// topicFields are the topic checkbox groups of a form, one fieldset per heading.
func topicFields(f webForm, name string, checked []string) []webField {
	var out []webField
	for i, g := range municipal.TopicGroups(f.Lang) {
		opts := make([]webOption, len(g.Topics))
		for j, t := range g.Topics {
			opts[j] = webOption{Value: t.Key, Label: t.Label}
		}
		fl := f.group("checkboxes", name, "mun.f.topics", opts, checked...)
		fl.Label = g.Label
		for j := range fl.Options { // unique across the groups: topics-a-1, topics-b-1 …
			fl.Options[j].ID = fmt.Sprintf("%s-%c-%d", name, 'a'+i, j+1)
		}
		fl.ID = fl.Options[0].ID
		if i > 0 {
			fl.Error = ""
		}
		out = append(out, fl)
	}
	return out
}

type visitRequestPage struct {
	Form visitRequestForm
	Sent bool
}

// requestOrganisations are those a request can go to: organisations with a county.
func (s *server) requestOrganisations(c *fiber.Ctx) ([]events.Organisation, error) {
	all, err := s.events.Organisations(c.UserContext())
	if err != nil {
		return nil, err
	}
	var out []events.Organisation
	for _, o := range all {
		if o.County != "" {
			out = append(out, o)
		}
	}
	return out, nil
}

func (s *server) renderVisitRequest(c *fiber.Ctx, status int, f visitRequestForm, sent bool) error {
	lang := language(c)
	title := tr(lang, "vreq.title")
	if sent {
		title = tr(lang, "vreq.sent.heading")
	} else {
		title = orgTitle(lang, title, f.webForm)
	}
	c.Status(status)
	noStore(c)
	return s.render(c, "public/visit_request", page{Title: title, Data: visitRequestPage{Form: f, Sent: sent}})
}

// GET /visit-request
func (s *server) pageVisitRequest(c *fiber.Ctx) error {
	orgs, err := s.requestOrganisations(c)
	if err != nil {
		return err
	}
	lang := language(c)
	f := visitRequestForm{webForm: newWebForm(lang, visitRequestPath+"?lang="+lang), Orgs: orgs}
	for _, o := range orgs {
		if o.ID == c.Query("org") || len(orgs) == 1 {
			f.In.Organisation = o.ID
		}
	}
	return s.renderVisitRequest(c, fiber.StatusOK, f, false)
}

// POST /visit-request and POST /api/v1/public/visit-requests
func (s *server) submitVisitRequest(c *fiber.Ctx) error {
	var in visitRequestInput
	if err := bind(c, &in); err != nil {
		return err
	}
	if strings.TrimSpace(in.Website) != "" {
		return registration.ErrRejected
	}
	lang := language(c)
	orgs, err := s.requestOrganisations(c)
	if err != nil {
		return err
	}
	var org events.Organisation
	for _, o := range orgs {
		if o.ID == strings.TrimSpace(in.Organisation) {
			org = o
		}
	}
	var r municipal.Request
	if org.ID == "" {
		var v events.ValidationError
		v.Add("organisation", "vreq.err.organisation")
		err = v.Err()
		if !isForm(c) {
			return err
		}
	} else {
		r, err = s.municipal.SubmitRequest(c.UserContext(), org, in.RequestInput, lang)
	}
	if isForm(c) {
		f := visitRequestForm{webForm: newWebForm(lang, visitRequestPath+"?lang="+lang), In: in.RequestInput, Orgs: orgs}
		if formInvalid(err, &f.webForm) {
			return s.renderVisitRequest(c, fiber.StatusUnprocessableEntity, f, false)
		}
		if err != nil {
			return err
		}
		return s.renderVisitRequest(c, fiber.StatusOK, f, true)
	}
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(fiber.Map{"request": fiber.Map{"id": r.ID, "organisation": org.ID, "municipality": r.Municipality,
		"code": r.Code, "kind": r.Kind, "topics": r.Topics, "received_at": r.ReceivedAt}})
}
