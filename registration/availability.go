package registration

import (
	"context"
	"fmt"
	"sync"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"folkhalsa-events/events"
)

// Availability: how many seats are left, for the public list, the event page and the
// form, so that a full event or workshop says so before anyone fills in the form.
// The figures come from the confirmed registrations, kept per instance for a few
// seconds (the public pages are the busiest; on the embedded store any read but by
// _id reads every registration). They guide, they do not decide: a registration is
// seated by its place in line (lines.go), so a stale figure costs at most a form that
// answers "fullbokat" with the waiting list offered. This instance forgets an event's
// figures when it registers, cancels or promotes someone there.

// Seats is one pool's figure.
type Seats struct {
	Limit int // 0: no limit
	Left  int // free seats now, when there is a limit
}

// Limited tells whether the pool has a limit at all.
func (x Seats) Limited() bool { return x.Limit > 0 }

// Full tells whether a limited pool has no seat left.
func (x Seats) Full() bool { return x.Limit > 0 && x.Left <= 0 }

// Availability is an event's seats per participation mode and per bookable workshop.
type Availability struct {
	OnSite, Digital Seats
	Workshops       map[string]Seats // by session id
}

// Full tells whether every participation mode the event offers is full.
func (a Availability) Full(ev events.Event) bool {
	switch ev.Mode {
	case events.ModeOnSite:
		return a.OnSite.Full()
	case events.ModeDigital:
		return a.Digital.Full()
	}
	return a.OnSite.Full() && a.Digital.Full()
}

// availabilityTTL is how long an instance keeps an event's figures.
const availabilityTTL = 15 * time.Second

// seatCounts are an event's confirmed registrations, counted.
type seatCounts struct {
	at              time.Time
	onSite, digital int
	workshopSeated  map[string]int
}

type seatCache struct {
	mu sync.Mutex
	m  map[string]seatCounts
}

func (c *seatCache) get(eventID string) (seatCounts, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	sc, ok := c.m[eventID]
	if !ok || time.Since(sc.at) > availabilityTTL {
		return seatCounts{}, false
	}
	return sc, true
}

func (c *seatCache) put(eventID string, sc seatCounts) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = map[string]seatCounts{}
	}
	if len(c.m) > 10000 { // a bound, not a policy: start again
		c.m = map[string]seatCounts{}
	}
	c.m[eventID] = sc
}

// forget drops an event's figures after this instance changed who holds a seat.
func (c *seatCache) forget(eventID string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.m, eventID)
}

// Availability returns the seats of each event, with its workshops when sessions
// (the agenda of evs[0], for an event page) are given. One read covers every event
// whose figures this instance does not have.
func (s *Service) Availability(ctx context.Context, evs []events.Event, sessions []events.Session) (map[string]Availability, error) {
	counts := make(map[string]seatCounts, len(evs))
	var missing []string
	for _, ev := range evs {
		if sc, ok := s.seats.get(ev.ID); ok {
			counts[ev.ID] = sc
		} else {
			missing = append(missing, ev.ID)
		}
	}
	if len(missing) > 0 {
		fresh, err := s.countSeats(ctx, missing)
		if err != nil {
			return nil, err
		}
		for id, sc := range fresh {
			s.seats.put(id, sc)
			counts[id] = sc
		}
	}
	out := make(map[string]Availability, len(evs))
	for _, ev := range evs {
		sc := counts[ev.ID]
		a := Availability{
			OnSite:  seatsOf(ev.CapacityOnSite, sc.onSite),
			Digital: seatsOf(ev.CapacityDigital, sc.digital),
		}
		if len(sessions) > 0 && len(evs) == 1 {
			a.Workshops = map[string]Seats{}
			for _, se := range sessions {
				if Bookable(se) {
					a.Workshops[se.ID] = seatsOf(se.SeatLimit, sc.workshopSeated[se.ID])
				}
			}
		}
		out[ev.ID] = a
	}
	return out, nil
}

func seatsOf(limit, taken int) Seats {
	if limit <= 0 {
		return Seats{}
	}
	return Seats{Limit: limit, Left: max(0, limit-taken)}
}

// countSeats counts the confirmed registrations of the events with one read.
func (s *Service) countSeats(ctx context.Context, eventIDs []string) (map[string]seatCounts, error) {
	q := bson.D{{Key: "event_id", Value: bson.D{{Key: "$in", Value: eventIDs}}}, {Key: "status", Value: StatusConfirmed}}
	cur, err := s.regs.Find(ctx, q, options.Find().SetProjection(bson.D{
		{Key: "event_id", Value: 1}, {Key: "mode", Value: 1}, {Key: "status", Value: 1}, {Key: "workshops", Value: 1}, {Key: "seatless", Value: 1}}))
	if err != nil {
		return nil, fmt.Errorf("count seats: %w", err)
	}
	var docs []Registration
	if err := cur.All(ctx, &docs); err != nil {
		return nil, fmt.Errorf("count seats: %w", err)
	}
	now := time.Now()
	out := make(map[string]seatCounts, len(eventIDs))
	for _, id := range eventIDs {
		out[id] = seatCounts{at: now, workshopSeated: map[string]int{}}
	}
	for _, r := range docs {
		if r.Seatless {
			continue
		}
		sc := out[r.EventID]
		if r.Mode == events.ModeDigital {
			sc.digital++
		} else {
			sc.onSite++
		}
		for _, w := range r.Workshops {
			if w.Status == StatusConfirmed {
				sc.workshopSeated[w.SessionID]++
			}
		}
		out[r.EventID] = sc
	}
	return out, nil
}
