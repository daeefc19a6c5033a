package registration

import (
	"context"
	"fmt"
	"sort"
	"strconv"

	"go.mongodb.org/mongo-driver/v2/bson"

	"folkhalsa-events/events"
	"folkhalsa-events/platform/datastore"
)

// Promote fills free seats from the waiting lists, first come first served: event
// seats per participation mode, then workshop seats. It runs after every cancellation
// and can be run at any time (e.g. after an organiser adds seats). Two runs at once
// cannot seat anyone twice: seats are held by unique documents.
func (s *Service) Promote(ctx context.Context, eventID string) error {
	ev, err := s.events.Event(ctx, eventID)
	if err != nil {
		return err
	}
	if ev.Status != events.StatusPublished {
		return nil
	}
	sessions, err := s.events.Sessions(ctx, eventID)
	if err != nil {
		return err
	}
	for _, mode := range []events.Mode{events.ModeOnSite, events.ModeDigital} {
		if err := s.promoteEvent(ctx, ev, sessions, mode); err != nil {
			return err
		}
	}
	for _, se := range sessions {
		if Bookable(se) && se.SeatLimit > 0 {
			if err := s.promoteWorkshop(ctx, ev, se); err != nil {
				return err
			}
		}
	}
	return nil
}

func (s *Service) promoteEvent(ctx context.Context, ev events.Event, sessions []events.Session, mode events.Mode) error {
	line, limit := eventLine(ev.ID, mode), capacity(ev, mode)
	waiting, err := s.find(ctx, ev.ID, bson.D{{Key: "mode", Value: mode}, {Key: "status", Value: StatusWaiting}})
	if err != nil {
		return err
	}
	sort.SliceStable(waiting, func(i, j int) bool { return waiting[i].Ticket < waiting[j].Ticket })
	for _, r := range waiting {
		seated, _, err := s.lines.seated(ctx, line, r.Ticket, limit)
		if err != nil || !seated {
			return err // the line is in ticket order: nobody after this one is seated either
		}
		r.Status = StatusConfirmed
		if err := s.bookWorkshops(ctx, ev, sessions, &r, false); err != nil {
			return err
		}
		if err := s.save(ctx, r); err != nil {
			return err
		}
		if s.firstTime(ctx, r.ID+"|promoted") {
			s.mailPromoted(ctx, ev, r)
		}
	}
	return nil
}

func (s *Service) promoteWorkshop(ctx context.Context, ev events.Event, se events.Session) error {
	confirmed, err := s.find(ctx, ev.ID, bson.D{{Key: "status", Value: StatusConfirmed}})
	if err != nil {
		return err
	}
	line := lineWorkshop(ev.ID, se.ID)
	for _, r := range confirmed {
		for i, w := range r.Workshops {
			if w.SessionID != se.ID || w.Status != StatusWaiting || w.Ticket == 0 {
				continue
			}
			seated, _, err := s.lines.seated(ctx, line, w.Ticket, se.SeatLimit)
			if err != nil {
				return err
			}
			if !seated {
				continue
			}
			r.Workshops[i].Status = StatusConfirmed
			if err := s.save(ctx, r); err != nil {
				return err
			}
			if s.firstTime(ctx, r.ID+"|ws:"+se.ID+"|"+strconv.FormatInt(w.Ticket, 10)) {
				s.mailWorkshopPromoted(ctx, ev, r, se)
			}
		}
	}
	return nil
}

// firstTime inserts a marker and reports whether this call created it, so that a
// notification goes out once even when two promotions race.
func (s *Service) firstTime(ctx context.Context, marker string) bool {
	_, err := s.keys.InsertOne(ctx, keyDoc{ID: marker})
	if err != nil && !datastore.IsDuplicate(err) {
		s.log.Error("notification marker", "marker", marker, "error", fmt.Sprint(err))
	}
	return err == nil
}
