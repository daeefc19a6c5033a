package app

import (
	"errors"
	"net/http"
	"slices"

	"github.com/gofiber/fiber/v2"

	"folkhalsa-events/events"
	"folkhalsa-events/registration"
)

// Switching between on site and digital from the manage link (registration/switch.go):
// a form on the manage page of a hybrid event, naming the other mode and its seats.
// Without a free seat there, the person may choose its waiting list, which gives up
// the seat they have; otherwise nothing changes.

// regModeForm is the switch: the mode to switch to, and whether its waiting list will do.
// Going digital gives up the workshops (GivesUp names them before the switch); going
// on site offers the event's workshops again, those given up ticked.
type regModeForm struct {
	webForm
	To            events.Mode
	ToLabel       string // "digitalt", in the sentence of the button
	Seats         string // the new mode's seats in words ("" without a limit)
	Full          bool
	AcceptWaiting bool
	GivesUp       []string    // titles of the workshops a switch to digital gives up
	Workshops     []webOption // going on site: the bookable workshops, with seats
	Chosen        []string
}

func (f regModeForm) Field(name string) webField {
	switch name {
	case "accept_waiting":
		return f.yesBox(name, "reg.mode.accept_waiting", "reg.mode.accept_waiting.option", f.AcceptWaiting)
	case "workshops":
		fl := f.group("checkboxes", name, "reg.mode.workshops", slices.Clone(f.Workshops), f.Chosen...)
		fl.Hint = tr(f.Lang, "reg.mode.workshops.hint")
		return fl
	}
	panic("mode form has no field " + name)
}

func (f regModeForm) Summary() webSummary { return f.summary(f.Field, []string{"accept_waiting"}) }

// regModeInput is the form's body (JSON too).
type regModeInput struct {
	Mode          string   `json:"mode" form:"mode"`
	AcceptWaiting bool     `json:"accept_waiting" form:"accept_waiting"`
	Workshops     []string `json:"workshops,omitempty" form:"workshops"` // going on site: to book again
}

// regNewModeForm is the switch for a registration, with the other mode's seats now.
func (s *server) regNewModeForm(c *fiber.Ctx, r registration.Registration, ev events.Event) (regModeForm, error) {
	lang := language(c)
	to := events.ModeDigital
	if r.Mode == events.ModeDigital {
		to = events.ModeOnSite
	}
	f := regModeForm{webForm: newWebForm(lang, regManagePath(r.ID, c.Params("token"))+"/mode"), To: to,
		ToLabel: tr(lang, "reg.mode.to."+string(to))}
	var sessions []events.Session
	if len(r.Workshops) > 0 || to == events.ModeOnSite {
		var err error
		if sessions, err = s.events.Sessions(c.UserContext(), ev.ID); err != nil {
			return regModeForm{}, err
		}
	}
	avail, err := s.regs.Availability(c.UserContext(), []events.Event{ev}, sessions)
	if err != nil {
		return regModeForm{}, err
	}
	seats := avail[ev.ID].OnSite
	if to == events.ModeDigital {
		seats = avail[ev.ID].Digital
	}
	f.Seats, f.Full = seatsText(seats, lang), seats.Full()
	for _, se := range sessions {
		switch {
		case to == events.ModeDigital && slices.ContainsFunc(r.Workshops, func(w registration.WorkshopChoice) bool { return w.SessionID == se.ID }):
			f.GivesUp = append(f.GivesUp, se.Title.In(lang))
		case to == events.ModeOnSite && registration.Bookable(se):
			label := se.Title.In(lang)
			if note := seatsNote(avail[ev.ID].Workshops[se.ID], lang); note != "" {
				label += " (" + note + ")"
			}
			f.Workshops = append(f.Workshops, webOption{Value: se.ID, Label: label})
		}
	}
	f.Chosen = r.GaveUp
	return f, nil
}

// POST /manage/:rid/:token/mode
func (s *server) regManageMode(c *fiber.Ctx) error {
	r, ev, err := s.regLoadEditable(c)
	if err != nil {
		return err
	}
	var in regModeInput
	if isForm(c) {
		vals, err := regFormValues(c)
		if err != nil {
			return err
		}
		in.Mode = formValue(vals, "mode")
		in.AcceptWaiting = formValue(vals, "accept_waiting") != ""
		in.Workshops = vals["workshops"]
	} else if err := bind(c, &in); err != nil {
		return err
	}
	res, err := s.regs.SwitchMode(c.UserContext(), r.ID, c.Params("token"), events.Mode(in.Mode), in.AcceptWaiting, in.Workshops)
	if errors.Is(err, registration.ErrFull) && isForm(c) {
		f, ferr := s.regNewModeForm(c, r, ev)
		if ferr != nil {
			return ferr
		}
		f.Chosen = in.Workshops
		f.Errors["accept_waiting"] = tr(f.Lang, "reg.mode.err.full", f.ToLabel)
		return s.regRenderManageWith(c, http.StatusConflict, r, ev, nil, nil, &f)
	}
	if err != nil {
		return err
	}
	if !isForm(c) {
		return c.JSON(fiber.Map{"registration": res.Registration, "position": res.Position})
	}
	return c.Redirect(regManagePath(r.ID, c.Params("token"))+"?notice=mode", fiber.StatusSeeOther)
}

// formValue is the first value of a form field, "" when it was not sent.
func formValue(vals map[string][]string, name string) string {
	if len(vals[name]) == 0 {
		return ""
	}
	return vals[name][0]
}
