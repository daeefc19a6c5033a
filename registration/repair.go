package registration

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"folkhalsa-events/events"
	"folkhalsa-events/platform/datastore"
)

// The repair pass. A request that dies half way (its instance is killed, the store
// goes away) leaves steps behind that nobody will finish: an e-mail key or places in
// line of a registration that never appeared (the address is locked out, a seat is
// held by nobody), a ticket number reserved and never inserted (a gap, which counts
// as a seat taken), a cancellation or promotion recorded but not completed. Every
// instance runs this pass now and then (main.go); it looks only at documents older
// than the grace period, which is longer than any request may take, so what it finds
// belongs to requests that have ended.
//
// Whether a registration will ever appear is settled by a tombstone under its _id
// (datastore.Tombstone): once that is in, the registration's own insert can only
// fail, so releasing its steps cannot undo a registration that was slow rather than
// dead. Every step is an insert or delete of a document with a known _id, so passes
// on several instances at once do no harm.

// DefaultRepairGrace is how old a document must be before the repair pass touches
// it, unless SetRepairGrace says otherwise (REPAIR_GRACE).
const DefaultRepairGrace = 2 * time.Minute

// SetRepairGrace sets the grace period; it must be longer than a request's deadline.
func (s *Service) SetRepairGrace(d time.Duration) { s.grace = d }

// RepairReport counts what one pass put right; it holds no personal data.
type RepairReport struct {
	KeysFreed       int // e-mail keys of registrations that never came to be, settled
	TicketsReleased int // places in line that no registration holds
	GapsClosed      int // ticket numbers reserved and never used
	Completed       int // cancellations, promotions and mode switches completed
	EventsFilled    int // events whose free seats were offered to their waiting lists
}

// Repair makes one pass over the documents written since `since` (zero: all of them)
// and at least the grace period ago, for events that have not ended.
func (s *Service) Repair(ctx context.Context, since time.Time) (RepairReport, error) {
	p := &repairPass{
		s: s, since: since, horizon: s.now().Add(-s.grace),
		open: map[string]bool{}, touched: map[string]bool{}, lines: map[string]bool{},
	}
	// Switches first: the tickets step judges a ticket by the registration's mode.
	err := errors.Join(p.keys(ctx), p.transitions(ctx, kindSwitched), p.tickets(ctx))
	err = errors.Join(err, p.gaps(ctx), p.transitions(ctx, kindCancelled, kindPromoted))
	for id := range p.touched {
		if perr := s.Promote(ctx, id); perr != nil {
			err = errors.Join(err, fmt.Errorf("repair: promote %s: %w", id, perr))
			continue
		}
		p.report.EventsFilled++
	}
	return p.report, err
}

type repairPass struct {
	s              *Service
	since, horizon time.Time
	report         RepairReport
	open           map[string]bool // event → not ended (a cache)
	touched        map[string]bool // events whose waiting lists may get seats
	lines          map[string]bool // lines whose numbers are checked for gaps
}

// window selects documents with `at` in [since, horizon]. A full pass (no since)
// reads everything, including documents from before `at` was written.
func (p *repairPass) window() bson.D {
	if p.since.IsZero() {
		return bson.D{}
	}
	return bson.D{{Key: "at", Value: bson.D{{Key: "$gte", Value: p.since.UTC()}, {Key: "$lte", Value: p.horizon.UTC()}}}}
}

// ripe: old enough to belong to a request that has ended.
func (p *repairPass) ripe(at time.Time) bool { return !at.After(p.horizon) }

// isOpen reports whether an event still takes, or has yet to hold, its seats.
func (p *repairPass) isOpen(ctx context.Context, eventID string) (bool, error) {
	if ok, seen := p.open[eventID]; seen {
		return ok, nil
	}
	ev, err := p.s.events.Event(ctx, eventID)
	if errors.Is(err, events.ErrNotFound) {
		p.open[eventID] = false
		return false, nil
	}
	if err != nil {
		return false, err
	}
	ok := ev.Status == events.StatusPublished && ev.End.After(p.s.now())
	p.open[eventID] = ok
	return ok, nil
}

// prefix is the event id that starts a key or line name ("<event>|...").
func prefix(id string) string {
	ev, _, _ := strings.Cut(id, "|")
	return ev
}

// settle decides whether a registration exists for good: true if it does, false if
// it never will (a tombstone is in its place).
func (s *Service) settle(ctx context.Context, id string) (bool, error) {
	if ok, err := datastore.Exists(ctx, s.regs, id); err != nil || ok {
		return ok, err
	}
	if _, err := datastore.Tombstone(ctx, s.regs, id, s.now()); err != nil {
		return false, err
	}
	// A document is there now, ours or the registration that came in just before it.
	return datastore.Exists(ctx, s.regs, id)
}

// keys settles e-mail keys whose registrations never came to be: a tombstone lets
// the address pass them (emailkeys.go). A retry by the address would settle them
// too; the pass does it for addresses that never come back, and counts them.
func (p *repairPass) keys(ctx context.Context) error {
	cur, err := p.s.keys.Find(ctx, p.window())
	if err != nil {
		return fmt.Errorf("repair: list e-mail keys: %w", err)
	}
	var keys []keyDoc
	if err := cur.All(ctx, &keys); err != nil {
		return fmt.Errorf("repair: list e-mail keys: %w", err)
	}
	for _, k := range keys {
		if k.RegistrationID == "" || !p.ripe(k.At) {
			continue
		}
		if open, err := p.isOpen(ctx, prefix(k.ID)); err != nil || !open {
			if err != nil {
				return err
			}
			continue
		}
		if found, _, err := datastore.Lookup(ctx, p.s.regs, k.RegistrationID); err != nil || found {
			if err != nil {
				return fmt.Errorf("repair: settle %s: %w", k.RegistrationID, err)
			}
			continue
		}
		settled, err := datastore.Tombstone(ctx, p.s.regs, k.RegistrationID, p.s.now())
		if err != nil {
			return fmt.Errorf("repair: settle %s: %w", k.RegistrationID, err)
		}
		if settled {
			p.report.KeysFreed++
		}
	}
	return nil
}

// tickets releases places in line that no registration holds: numbers given up, and
// tickets of registrations that never appeared, were cancelled, or no longer choose
// the workshop.
func (p *repairPass) tickets(ctx context.Context) error {
	cur, err := p.s.lines.tickets.Find(ctx, p.window())
	if err != nil {
		return fmt.Errorf("repair: list tickets: %w", err)
	}
	var tickets []ticketDoc
	if err := cur.All(ctx, &tickets); err != nil {
		return fmt.Errorf("repair: list tickets: %w", err)
	}
	for _, t := range tickets {
		if strings.HasSuffix(t.ID, "^max") || !p.ripe(t.At) {
			continue // the shared hint (lines.go), or too young
		}
		eventID := prefix(t.Line)
		if open, err := p.isOpen(ctx, eventID); err != nil || !open {
			if err != nil {
				return err
			}
			continue
		}
		p.lines[t.Line] = true
		// A seat may have come free in this window (a request that gave its seat back
		// and could not promote anyone, say): every event with activity gets a look.
		p.touched[eventID] = true
		if err := p.ticket(ctx, eventID, t); err != nil {
			return fmt.Errorf("repair: ticket %s: %w", t.ID, err)
		}
	}
	return nil
}

func (p *repairPass) ticket(ctx context.Context, eventID string, t ticketDoc) error {
	l := p.s.lines
	if gone, err := l.departed(ctx, t.Line, t.Number); err != nil || gone {
		return err
	}
	hid := holderID(t.Line, t.RegistrationID)
	if t.RegistrationID != "" {
		alive, err := p.s.settle(ctx, t.RegistrationID)
		if err != nil {
			return err
		}
		if alive {
			r, err := p.s.Registration(ctx, t.RegistrationID)
			if err != nil {
				return err
			}
			var h holderDoc
			err = l.holders.FindOne(ctx, bson.D{{Key: "_id", Value: hid}}).Decode(&h)
			if err != nil && !errors.Is(err, mongo.ErrNoDocuments) {
				return err
			}
			if owns(r, t.Line, t.Number) || (err == nil && h.Ticket == t.Number) {
				return p.held(ctx, eventID, r, t)
			}
			// The registration holds another ticket of this line (a retried join), or
			// neither its document nor a holder records this one: it is nobody's.
			hid = ""
		}
	}
	if err := l.depart(ctx, t.Line, t.Number); err != nil {
		return err
	}
	if hid != "" {
		l.dropHolder(ctx, hid)
	}
	p.report.TicketsReleased++
	p.touched[eventID] = true
	return nil
}

// owns reports whether the registration's document records ticket n of line.
func owns(r Registration, line string, n int64) bool {
	for _, pl := range placesOf(r) {
		if pl.line == line && pl.ticket == n {
			return true
		}
	}
	return false
}

// held checks a ticket that a living registration holds: it must still want it.
func (p *repairPass) held(ctx context.Context, eventID string, r Registration, t ticketDoc) error {
	if r.Status == StatusCancelled {
		p.report.Completed++
		p.touched[eventID] = true
		return p.s.finishCancel(ctx, r, false)
	}
	for _, line := range linesOf(r) {
		if line == t.Line {
			return nil
		}
	}
	p.report.TicketsReleased++
	p.touched[eventID] = true
	return p.s.lines.leave(ctx, t.Line, r.ID, t.Number)
}

// gaps closes ticket numbers that were reserved and never inserted. A gap counts as
// a seat taken (ranks are numbers minus departures), so it is filled with a ticket
// of nobody's, which then leaves. Inserting that ticket first means a request that
// still holds the number will find it taken and move on: the number is used once.
func (p *repairPass) gaps(ctx context.Context) error {
	if len(p.lines) == 0 {
		return nil
	}
	names := make([]string, 0, len(p.lines))
	for l := range p.lines {
		names = append(names, l)
	}
	in := bson.D{{Key: "line", Value: bson.D{{Key: "$in", Value: names}}}}
	proj := options.Find().SetProjection(bson.D{{Key: "line", Value: 1}, {Key: "number", Value: 1}, {Key: "at", Value: 1}})
	tickets, err := readTickets(ctx, p.s.lines.tickets, in, proj)
	if err != nil {
		return err
	}
	departures, err := readTickets(ctx, p.s.lines.departures, in, proj)
	if err != nil {
		return err
	}
	taken := map[string]map[int64]time.Time{} // line → number → when taken
	gone := map[string]map[int64]bool{}
	for _, t := range tickets {
		if taken[t.Line] == nil {
			taken[t.Line] = map[int64]time.Time{}
		}
		taken[t.Line][t.Number] = t.At
	}
	for _, d := range departures {
		if gone[d.Line] == nil {
			gone[d.Line] = map[int64]bool{}
		}
		gone[d.Line][d.Number] = true
	}
	for _, line := range names {
		var top int64
		for n := range taken[line] {
			top = max(top, n)
		}
		// A gap is ripe when a ticket above it is: numbers are handed out in order.
		var above time.Time
		for n := top; n >= 1; n-- {
			if at, ok := taken[line][n]; ok {
				above = at
				continue
			}
			if gone[line][n] || !p.ripe(above) {
				continue
			}
			_, err := p.s.lines.tickets.InsertOne(ctx, ticketDoc{ID: ticketID(line, n), Line: line, Number: n, At: p.s.now().UTC()})
			if datastore.IsDuplicate(err) {
				continue // someone's after all; the next pass looks at it
			}
			if err != nil {
				return fmt.Errorf("repair: close gap %s: %w", ticketID(line, n), err)
			}
			if err := p.s.lines.depart(ctx, line, n); err != nil {
				return err
			}
			p.report.GapsClosed++
			p.touched[prefix(line)] = true
		}
	}
	return nil
}

func readTickets(ctx context.Context, coll *mongo.Collection, q bson.D, opts *options.FindOptionsBuilder) ([]ticketDoc, error) {
	cur, err := coll.Find(ctx, q, opts)
	if err != nil {
		return nil, fmt.Errorf("repair: read %s: %w", coll.Name(), err)
	}
	var out []ticketDoc
	if err := cur.All(ctx, &out); err != nil {
		return nil, fmt.Errorf("repair: read %s: %w", coll.Name(), err)
	}
	return out, nil
}

// transitions completes cancellations, promotions and mode switches of the given
// kinds that were recorded but whose completion stopped half way.
func (p *repairPass) transitions(ctx context.Context, kinds ...string) error {
	cur, err := p.s.transitions.Find(ctx, append(p.window(), bson.E{Key: "kind", Value: bson.D{{Key: "$in", Value: kinds}}}))
	if err != nil {
		return fmt.Errorf("repair: list transitions: %w", err)
	}
	var all []transitionDoc
	if err := cur.All(ctx, &all); err != nil {
		return fmt.Errorf("repair: list transitions: %w", err)
	}
	for _, t := range all {
		if !p.ripe(t.At) {
			continue
		}
		if open, err := p.isOpen(ctx, t.EventID); err != nil || !open {
			if err != nil {
				return err
			}
			continue
		}
		if err := p.transition(ctx, t); err != nil {
			return fmt.Errorf("repair: %s: %w", t.ID, err)
		}
	}
	return nil
}

// recentMail is how old a transition may be for its repair to still send its mail:
// a day-old cancellation is mailed late rather than never, an older one not at all.
const recentMail = 24 * time.Hour

func (p *repairPass) transition(ctx context.Context, t transitionDoc) error {
	doc, err := p.s.document(ctx, t.RegistrationID)
	if errors.Is(err, ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	switch t.Kind {
	case kindCancelled:
		if doc.Status == StatusCancelled {
			// Done: the tickets step above has released its seats, and the
			// recorded cancellation lets the address pass its e-mail key.
			return nil
		}
		r, err := p.s.Registration(ctx, t.RegistrationID)
		if err != nil {
			return err
		}
		p.report.Completed++
		p.touched[t.EventID] = true
		return p.s.finishCancel(ctx, r, p.s.now().Sub(t.At) < recentMail)
	case kindPromoted:
		if doc.Status != StatusWaiting {
			return nil
		}
		r, err := p.s.Registration(ctx, t.RegistrationID)
		if err != nil || r.Status != StatusConfirmed || r.Switches != t.Seq {
			return err // cancelled or switched since: nothing to finish
		}
		ev, err := p.s.events.Event(ctx, t.EventID)
		if err != nil {
			return err
		}
		sessions, err := p.s.events.Sessions(ctx, t.EventID)
		if err != nil {
			return err
		}
		p.report.Completed++
		return p.s.finishPromotion(ctx, ev, sessions, r)
	case kindSwitched:
		// A switch whose fields a concurrent write of the document lost: written again,
		// unless a later switch took over. The tickets step releases the old seat.
		if doc.Switches >= t.Seq || doc.Status == StatusCancelled {
			return nil
		}
		if _, later, err := p.s.transition(ctx, switchedID(t.RegistrationID, t.Seq+1)); err != nil || later {
			return err
		}
		p.report.Completed++
		p.touched[t.EventID] = true
		return p.s.set(ctx, t.RegistrationID, bson.D{
			{Key: "mode", Value: t.Mode}, {Key: "ticket", Value: t.Ticket}, {Key: "status", Value: t.Status},
			{Key: "switches", Value: t.Seq}, {Key: "workshops", Value: []WorkshopChoice{}},
		})
	}
	return nil
}
