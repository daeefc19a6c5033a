package app

import (
	"github.com/gofiber/fiber/v2"

	"folkhalsa-events/events"
	"folkhalsa-events/registration"
)

// People the organiser adds (registration/added.go): speakers, staff, guests and
// late additions, with or without a public seat; they get a badge at once.

type orgAddedForm struct {
	webForm
	In     registration.AddedInput
	Hybrid bool
}

var orgAddedOrder = []string{"first_name", "last_name", "email", "organisation", "org_type", "municipality", "role", "mode", "category", "uses_seat", "notify"}

func (f orgAddedForm) Field(name string) webField {
	lang := f.Lang
	switch name {
	case "first_name":
		return required(f.input("text", name, "reg.f.first_name", f.In.FirstName))
	case "last_name":
		return required(f.input("text", name, "reg.f.last_name", f.In.LastName))
	case "email":
		return f.input("email", name, "part.add.email", f.In.Email)
	case "organisation":
		return f.input("text", name, "reg.f.organisation", f.In.Organisation)
	case "org_type":
		opts := []webOption{{Value: "", Label: tr(lang, "reg.choose")}}
		for _, o := range registration.OrgTypes {
			opts = append(opts, webOption{Value: string(o.Value), Label: o.Label.In(lang)})
		}
		return f.selectOne(name, "reg.f.org_type", f.In.OrgType, opts)
	case "municipality":
		fl := f.municipality(f.In.Municipality)
		fl.Label, fl.Hint = tr(lang, "reg.f.municipality"), tr(lang, "part.add.municipality.hint")
		return fl
	case "role":
		return f.input("text", name, "reg.f.role", f.In.Role)
	case "mode":
		opts := []webOption{
			{Value: string(events.ModeOnSite), Label: events.ModeLabels[events.ModeOnSite].In(lang)},
			{Value: string(events.ModeDigital), Label: events.ModeLabels[events.ModeDigital].In(lang)},
		}
		return required(f.group("radios", name, "part.add.mode", opts, f.In.Mode))
	case "category":
		var opts []webOption
		for _, c := range registration.Categories {
			opts = append(opts, webOption{Value: string(c.Value), Label: tr(lang, string(c.Label))})
		}
		return f.selectOne(name, "part.add.category", f.In.Category, opts)
	case "uses_seat":
		return f.yesBox(name, "part.add.uses_seat", "part.add.uses_seat.option", f.In.UsesSeat)
	case "notify":
		return f.yesBox(name, "part.add.notify", "part.add.notify.option", f.In.Notify)
	}
	panic("add-person form has no field " + name)
}

func (f orgAddedForm) Fields(names ...string) []webField { return fieldList(f.Field, names) }
func (f orgAddedForm) Summary() webSummary               { return f.summary(f.Field, orgAddedOrder) }

type orgAddedPage struct {
	Event   events.Event
	Form    orgAddedForm
	BackURL string
}

func addPersonPath(eventID string) string { return orgEventPath(eventID) + "/participants/add" }

// GET /organiser/events/:id/participants/add
func (s *server) orgAddPersonForm(c *fiber.Ctx) error {
	ev, err := s.scopedEvent(c)
	if err != nil {
		return err
	}
	f := orgAddedForm{webForm: newWebForm(language(c), addPersonPath(ev.ID)), Hybrid: ev.Mode == events.ModeHybrid,
		In: registration.AddedInput{Category: string(registration.CategorySpeaker)}}
	return s.renderAddPerson(c, ev, f)
}

// POST /organiser/events/:id/participants/add
func (s *server) orgAddPerson(c *fiber.Ctx) error {
	ev, err := s.scopedEvent(c)
	if err != nil {
		return err
	}
	f := orgAddedForm{webForm: newWebForm(language(c), addPersonPath(ev.ID)), Hybrid: ev.Mode == events.ModeHybrid}
	if err := bindForm(c, &f.In, &f.webForm); err != nil {
		return err
	}
	f.In.Lang = f.Lang
	_, err = s.regs.AddByOrganiser(c.UserContext(), ev.ID, f.In)
	if err == nil {
		return orgDone(c, orgEventPath(ev.ID)+"/participants", "added")
	}
	if !formInvalid(err, &f.webForm) {
		return err
	}
	return s.renderAddPerson(c, ev, f)
}

func (s *server) renderAddPerson(c *fiber.Ctx, ev events.Event, f orgAddedForm) error {
	title := orgTitle(f.Lang, tr(f.Lang, "part.add.title"), f.webForm)
	noStore(c)
	return s.orgRender(c, formStatus(f.webForm), "organiser/participant_add", title,
		orgAddedPage{Event: ev, Form: f, BackURL: orgEventPath(ev.ID) + "/participants"})
}

// POST /api/v1/events/:id/registrations: 201 {registration, manage_url}.
func (s *server) apiAddPerson(c *fiber.Ctx) error {
	ev, err := s.scopedEvent(c)
	if err != nil {
		return err
	}
	var in registration.AddedInput
	if err := bind(c, &in); err != nil {
		return err
	}
	if in.Lang == "" {
		in.Lang = language(c)
	}
	res, err := s.regs.AddByOrganiser(c.UserContext(), ev.ID, in)
	if err != nil {
		return err
	}
	noStore(c)
	return c.Status(fiber.StatusCreated).JSON(fiber.Map{"registration": res.Registration,
		"manage_url": s.regs.ManageURL(res.Registration, res.ManageToken)})
}
