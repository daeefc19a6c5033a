package registration

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"

	"go.mongodb.org/mongo-driver/v2/bson"

	"folkhalsa-events/events"
	"folkhalsa-events/mails"
)

// A participant of a hybrid event may switch between on site and digital from the
// manage link. The seats of each mode are a line of their own (lines.go), so a switch
// takes a ticket in the other line first and gives up the old one only once the new
// one is settled: the person keeps their place until the switch has succeeded.
//
// Each switch is a transition "<registration>|mode:<n>" (n = 1, 2, ...), recorded once
// with the new mode, ticket and status. Like a cancellation it is the truth; the
// registration document's mode, ticket and status follow it (written with $set of
// those fields, and rewritten by the repair pass when a concurrent write lost them).
// Two switches at once cannot both succeed: only one can insert the next number.
// Promotions are per switch too ("<registration>|promoted:<n>"), so a promotion earned
// by a ticket the person has since given up never confirms them on the new one.

// MaxSwitches bounds how often one registration may change mode.
const MaxSwitches = 10

// ErrSwitchLimit: the registration has changed mode MaxSwitches times.
var ErrSwitchLimit = errors.New("registration: the participation mode has been changed too many times")

// ErrSameMode: the registration already has the mode asked for.
var ErrSameMode = errors.New("registration: the registration already has that participation mode")

const kindSwitched = "switched"

func switchedID(regID string, seq int) string { return regID + "|mode:" + strconv.Itoa(seq) }

// promotionID names the promotion of the registration's current ticket.
func promotionID(regID string, seq int) string {
	if seq == 0 {
		return promotedID(regID)
	}
	return promotedID(regID) + ":" + strconv.Itoa(seq)
}

// SwitchResult is what a participant learns after switching.
type SwitchResult struct {
	Registration Registration
	// Position on the new mode's waiting list (1 = next), 0 when seated.
	Position int
}

// SwitchMode moves a registration of a hybrid event to the other participation mode,
// through the manage link. With a free seat in the new mode the person is confirmed
// there; without one they go on its waiting list only if acceptWaiting (they then give
// up the seat they had), and otherwise nothing changes and ErrFull is returned.
// Workshops are held on site, so a switch to digital gives up the workshop choices
// (the mail names them, and they are remembered); a switch to on site books the
// workshops asked for again: a seat where one is free, else their waiting lists.
func (s *Service) SwitchMode(ctx context.Context, id, token string, mode events.Mode, acceptWaiting bool, workshops []string) (SwitchResult, error) {
	r, err := s.ByToken(ctx, id, token)
	if err != nil {
		return SwitchResult{}, err
	}
	if r.Status == StatusCancelled {
		return SwitchResult{}, ErrCancelled
	}
	ev, err := s.events.Event(ctx, r.EventID)
	if err != nil {
		return SwitchResult{}, err
	}
	if ev.Mode != events.ModeHybrid || (mode != events.ModeOnSite && mode != events.ModeDigital) {
		var v events.ValidationError
		v.Add("mode", "reg.err.mode")
		return SwitchResult{}, v.Err()
	}
	if mode == r.Mode {
		return SwitchResult{}, ErrSameMode
	}
	if r.Switches >= MaxSwitches {
		return SwitchResult{}, ErrSwitchLimit
	}
	defer s.seats.forget(r.EventID)

	var sessions []events.Session
	if len(r.Workshops) > 0 || (mode == events.ModeOnSite && len(workshops) > 0) {
		if sessions, err = s.events.Sessions(ctx, r.EventID); err != nil {
			return SwitchResult{}, err
		}
	}
	seq := r.Switches + 1
	next := r
	next.Mode, next.Switches, next.Workshops, next.Ticket, next.GaveUp = mode, seq, []WorkshopChoice{}, 0, nil
	if mode == events.ModeDigital {
		for _, w := range r.Workshops {
			next.GaveUp = append(next.GaveUp, w.SessionID)
		}
	}
	position := 0
	if r.Seatless {
		next.Status = r.Status
	} else {
		line := eventLine(ev.ID, mode)
		var mine bool
		if next.Ticket, mine, err = s.lines.joinOwn(ctx, line, r.ID); err != nil {
			return SwitchResult{}, err
		}
		if !mine {
			// Another switch of this registration is under way (or stopped half way;
			// the repair pass frees its place): only one may take a place in line.
			return SwitchResult{}, ErrSwitchConflict
		}
		seated, pos, err := s.lines.seated(ctx, line, next.Ticket, capacity(ev, mode))
		if err == nil && !seated && !acceptWaiting {
			err = ErrFull
		}
		if err != nil {
			s.giveBack(ctx, line, r.ID, next.Ticket)
			return SwitchResult{}, err
		}
		next.Status, position = StatusConfirmed, pos
		if !seated {
			next.Status = StatusWaiting
		}
	}
	won, err := s.record(ctx, transitionDoc{ID: switchedID(r.ID, seq), EventID: r.EventID, RegistrationID: r.ID,
		Kind: kindSwitched, Seq: seq, Mode: mode, Ticket: next.Ticket, Status: next.Status})
	if err == nil && !won {
		err = ErrSwitchConflict
	}
	if err != nil {
		if !r.Seatless {
			s.giveBack(ctx, eventLine(ev.ID, mode), r.ID, next.Ticket)
		}
		return SwitchResult{}, err
	}
	// From here on the switch has happened; what follows may be repeated (repair pass).
	if mode == events.ModeOnSite {
		next.Workshops = rebooked(workshops, sessions)
		if next.Status == StatusConfirmed && !r.Seatless {
			// Not strict: a full workshop puts the person on its waiting list.
			if err := s.bookWorkshops(ctx, ev, sessions, &next, false, false); err != nil {
				s.log.Warn("book workshops again after a switch (they wait)", "registration", r.ID, "error", err)
			}
		}
	}
	if err := s.finishSwitch(ctx, r, next); err != nil {
		return SwitchResult{}, err
	}
	if _, cancelled, err := s.transition(ctx, cancelledID(r.ID)); err != nil || cancelled {
		if cancelled {
			err = errors.Join(s.finishCancel(ctx, next, false), ErrCancelled)
		}
		return SwitchResult{}, err
	}
	if err := s.mailSwitched(ctx, ev, sessions, next, position); err != nil {
		s.log.Error("queue mode change mail", "registration", r.ID, "error", err)
	}
	if err := s.Promote(ctx, r.EventID); err != nil {
		s.log.Error("promote after mode change", "event", r.EventID, "error", err)
	}
	return SwitchResult{Registration: next, Position: position}, nil
}

// ErrSwitchConflict: another switch of the same registration happened at the same moment.
var ErrSwitchConflict = errors.New("registration: the registration was changed at the same moment")

// giveBack leaves a line a switch joined but did not keep, on a deadline of its own.
func (s *Service) giveBack(ctx context.Context, line, regID string, n int64) {
	if err := s.lines.giveUp(context.WithoutCancel(ctx), line, regID, n); err != nil {
		s.log.Warn("give back a place in line (the repair pass releases it)", "line", line, "error", err)
	}
}

// finishSwitch writes the switched fields and leaves the old lines: the old mode's
// seat and the workshops. Every step may be repeated.
func (s *Service) finishSwitch(ctx context.Context, was, now Registration) error {
	err := s.set(ctx, was.ID, bson.D{
		{Key: "mode", Value: now.Mode}, {Key: "ticket", Value: now.Ticket}, {Key: "status", Value: now.Status},
		{Key: "switches", Value: now.Switches}, {Key: "workshops", Value: now.Workshops}, {Key: "gave_up_workshops", Value: now.GaveUp},
	})
	if err != nil {
		return err
	}
	if was.Seatless {
		return nil
	}
	for _, p := range placesOf(was) {
		if p.line == eventLine(was.EventID, now.Mode) || (was.Invitation != "" && p.line == lineInvitation(was.EventID, was.Invitation)) ||
			slices.ContainsFunc(now.Workshops, func(w WorkshopChoice) bool { return p.line == lineWorkshop(was.EventID, w.SessionID) }) {
			continue // the new seat, the invitation's use (it stays used), workshops booked again
		}
		if err := s.lines.leave(ctx, p.line, was.ID, p.ticket); err != nil {
			return fmt.Errorf("leave the old seat: %w", err)
		}
	}
	return nil
}

// mailSwitched tells the person their new mode: with a seat, the confirmation's
// files (the badge only on site) and the workshops booked again; on a waiting list,
// their position; on going digital, the workshops given up.
func (s *Service) mailSwitched(ctx context.Context, ev events.Event, sessions []events.Session, r Registration, position int) error {
	l, err := s.linkedLetter(ctx, mails.ModeChanged, ev, s.arranger(ctx, ev), r)
	if err != nil {
		return err
	}
	l.Position = position
	if r.Status != StatusConfirmed {
		l.OnlineURL = "" // the link goes to those who have a place
	}
	l = withWorkshops(l, r, sessions)
	for _, id := range r.GaveUp {
		if i := slices.IndexFunc(sessions, func(se events.Session) bool { return se.ID == id }); i >= 0 {
			l.GaveUp = append(l.GaveUp, sessions[i])
		}
	}
	m := addressed(mailID(r.ID, "mode:"+strconv.Itoa(r.Switches)), mails.ModeChanged, r, l)
	if r.Status == StatusConfirmed {
		m.Attach = confirmationFiles(r)
	}
	return s.mailer.Send(ctx, m)
}

// rebooked are the workshops asked for again that the agenda can book, as choices
// still to be placed.
func rebooked(ids []string, sessions []events.Session) []WorkshopChoice {
	out := []WorkshopChoice{}
	for _, id := range ids {
		ok := slices.ContainsFunc(sessions, func(se events.Session) bool { return se.ID == id && Bookable(se) })
		if ok && !slices.ContainsFunc(out, func(w WorkshopChoice) bool { return w.SessionID == id }) {
			out = append(out, WorkshopChoice{SessionID: id, Status: StatusWaiting})
		}
	}
	return out
}
