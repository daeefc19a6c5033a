package app

import (
	"fmt"

	"github.com/gofiber/fiber/v2"

	"folkhalsa-events/events"
	"folkhalsa-events/platform/locale"
	"folkhalsa-events/registration"
)

// Invitation codes of an event: the list with how often each was used, and the form
// that creates one (single use, N uses, or no limit; a note for the organiser).

func orgInvitationsPath(eventID string) string { return orgEventPath(eventID) + "/invitations" }

// Values of the "uses" radios.
const (
	partUsesSingle    = "single"
	partUsesMulti     = "multi"
	partUsesUnlimited = "unlimited"
)

const partMaxUses = 10000

type partInvitationInput struct {
	Uses    string `form:"uses"`
	MaxUses int    `form:"max_uses"`
	Note    string `form:"note"`
}

type partInvitationForm struct {
	webForm
	In partInvitationInput
}

var partInvitationOrder = []string{"uses", "max_uses", "note"}

func (f partInvitationForm) Field(name string) webField {
	switch name {
	case "uses":
		opts := []webOption{
			{Value: partUsesSingle, Label: tr(f.Lang, "part.uses.single")},
			{Value: partUsesMulti, Label: tr(f.Lang, "part.uses.multi")},
			{Value: partUsesUnlimited, Label: tr(f.Lang, "part.uses.unlimited")},
		}
		return required(f.group("radios", name, "part.f.uses", opts, f.In.Uses))
	case "max_uses":
		return partHint(f.number(name, "part.f.max_uses", f.In.MaxUses, true), f.Lang, "part.f.max_uses")
	case "note":
		return partHint(f.input("text", name, "part.f.note", f.In.Note), f.Lang, "part.f.note")
	}
	panic("invitation form has no field " + name)
}

func (f partInvitationForm) Fields(names ...string) []webField { return fieldList(f.Field, names) }
func (f partInvitationForm) Summary() webSummary               { return f.summary(f.Field, partInvitationOrder) }

// partHint adds the hint of a participant-page label (webForm.field looks only at the
// organiser texts).
func partHint(fl webField, lang, label string) webField {
	if locale.Has(label + ".hint") {
		fl.Hint = tr(lang, label+".hint")
	}
	return fl
}

// invitation turns the form into the service's input; problems join f.Errors.
func (f *partInvitationForm) invitation() registration.InvitationInput {
	var v events.ValidationError
	maxUses := 0
	switch f.In.Uses {
	case partUsesSingle:
		maxUses = 1
	case partUsesUnlimited:
		maxUses = 0
	case partUsesMulti:
		maxUses = f.In.MaxUses
		if _, typedWrong := f.Errors["max_uses"]; !typedWrong && (maxUses < 2 || maxUses > partMaxUses) {
			v.Add("max_uses", "part.err.max_uses")
		}
	default:
		v.Add("uses", "part.err.uses")
	}
	if f.In.Uses != partUsesMulti {
		// The number only counts for "several times": what was typed there does not matter.
		delete(f.Errors, "max_uses")
		delete(f.Raw, "max_uses")
	}
	events.LimitText(&v, "note", f.In.Note, 200, "label.note")
	formInvalid(v.Err(), &f.webForm)
	return registration.InvitationInput{MaxUses: maxUses, Note: f.In.Note}
}

type partInvitationsPage struct {
	Notice     string
	Event      events.Event
	EventPath  string
	InviteOnly bool
	Open       bool // codes can still be created (the event is not cancelled)
	Form       partInvitationForm
	Codes      []partCodeRow
}

type partCodeRow struct {
	Code, Used, Note, Created string
	UsedUp                    bool
}

func (s *server) orgInvitations(c *fiber.Ctx) error {
	ev, err := s.scopedEvent(c)
	if err != nil {
		return err
	}
	f := partInvitationForm{webForm: newWebForm(language(c), orgInvitationsPath(ev.ID)), In: partInvitationInput{Uses: partUsesSingle}}
	return s.renderInvitations(c, ev, f)
}

func (s *server) orgCreateInvitation(c *fiber.Ctx) error {
	ev, err := s.scopedEvent(c)
	if err != nil {
		return err
	}
	if ev.Status == events.StatusCancelled {
		return events.ErrCancelled
	}
	f := partInvitationForm{webForm: newWebForm(language(c), orgInvitationsPath(ev.ID))}
	if err := bindForm(c, &f.In, &f.webForm, "max_uses"); err != nil {
		return err
	}
	in := f.invitation()
	if f.HasErrors() {
		return s.renderInvitations(c, ev, f)
	}
	inv, err := s.regs.CreateInvitation(c.UserContext(), ev.ID, in)
	if formInvalid(err, &f.webForm) {
		return s.renderInvitations(c, ev, f)
	}
	if err != nil {
		return err
	}
	return orgDone(c, orgInvitationsPath(ev.ID), "code-created", "code", inv.Code)
}

func (s *server) renderInvitations(c *fiber.Ctx, ev events.Event, f partInvitationForm) error {
	lang := f.Lang
	list, err := s.regs.Invitations(c.UserContext(), ev.ID)
	if err != nil {
		return err
	}
	data := partInvitationsPage{Event: ev, EventPath: orgEventPath(ev.ID), InviteOnly: ev.Visibility == events.VisibilityInviteOnly,
		Open: ev.Status != events.StatusCancelled, Form: f}
	created := ""
	if c.Query("notice") == "code-created" {
		created = c.Query("code")
	}
	for _, inv := range list {
		row := partCodeRow{Code: inv.Code, Note: inv.Note, Created: orgDateTime(inv.CreatedAt, lang)}
		if inv.MaxUses > 0 {
			row.Used = fmt.Sprintf(tr(lang, "part.inv.used_of"), inv.Used, inv.MaxUses)
			row.UsedUp = inv.Used >= inv.MaxUses
		} else {
			row.Used = fmt.Sprintf(tr(lang, "part.inv.used_unlimited"), inv.Used)
		}
		data.Codes = append(data.Codes, row)
		if created != "" && inv.Code == created {
			data.Notice = fmt.Sprintf(tr(lang, "part.notice.code-created"), inv.Code)
		}
	}
	noStore(c)
	title := orgTitle(lang, tr(lang, "part.inv.title")+" – "+ev.Title.In(lang), f.webForm)
	return s.orgRender(c, formStatus(f.webForm), "organiser/invitations", title, data)
}
