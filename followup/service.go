package followup

import (
	"context"
	"log/slog"
	"slices"
	"time"

	"go.mongodb.org/mongo-driver/v2/mongo"

	"folkhalsa-events/events"
	"folkhalsa-events/registration"
)

// What a report reads, each through its package: the organisation's events of the
// period (a page of 200 at a time), their registrations in one read, and their
// check-ins in one read. On MongoDB these use indexes; on the embedded store each is
// one pass over its collection, whatever the number of events.

// EventSource lists events (events.Store).
type EventSource interface {
	ListEvents(ctx context.Context, f events.EventFilter) (events.EventPage, error)
}

// Registrations lists the registrations of several events (registration.Service).
type Registrations interface {
	ForEvents(ctx context.Context, eventIDs []string) ([]registration.Registration, error)
}

// Attendance tells who checked in at several events (badges.Service).
type Attendance interface {
	ArrivedIn(ctx context.Context, eventIDs []string) (map[string]map[string]bool, error)
}

// Service computes follow-up reports.
type Service struct {
	events    EventSource
	regs      Registrations
	arrived   Attendance
	summaries *mongo.Collection
	minCell   int
	log       *slog.Logger
}

// NewService reads through the given sources and keeps summaries in db; minCell is
// FOLLOWUP_MIN_CELL.
func NewService(db *mongo.Database, ev EventSource, regs Registrations, arrived Attendance, minCell int, logger *slog.Logger) *Service {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &Service{events: ev, regs: regs, arrived: arrived, summaries: db.Collection(SummariesCollection), minCell: minCell, log: logger}
}

// MinCell is the smallest count shown.
func (s *Service) MinCell() int { return s.minCell }

// Year is the default period: the calendar year of now, in Stockholm.
func Year(now time.Time) (from, to time.Time) {
	y := now.In(events.Stockholm).Year()
	return time.Date(y, 1, 1, 0, 0, 0, 0, events.Stockholm), time.Date(y, 12, 31, 0, 0, 0, 0, events.Stockholm)
}

// Report is the organisation's follow-up for the filter at now, with labels in lang.
func (s *Service) Report(ctx context.Context, org events.Organisation, f Filter, lang string, now time.Time) (Report, error) {
	var held, planned []events.Event
	for offset := 0; ; {
		page, err := s.events.ListEvents(ctx, events.EventFilter{OrgIDs: []string{org.ID}, Status: events.StatusPublished,
			SeriesID: f.SeriesID, Type: f.Type, From: f.From, To: f.To.AddDate(0, 0, 1), Limit: 200, Offset: offset})
		if err != nil {
			return Report{}, err
		}
		for _, ev := range page.Events {
			switch {
			case !f.Matches(ev):
			case Held(ev, now):
				held = append(held, ev)
			default:
				planned = append(planned, ev)
			}
		}
		offset += len(page.Events)
		if len(page.Events) == 0 || int64(offset) >= page.Total {
			break
		}
	}
	kept, err := s.stored(ctx, held, now)
	if err != nil {
		return Report{}, err
	}
	var ids []string
	for _, ev := range held {
		if _, ok := kept[ev.ID]; !ok {
			ids = append(ids, ev.ID)
		}
	}
	var plannedIDs []string
	for _, ev := range planned {
		plannedIDs = append(plannedIDs, ev.ID)
	}
	regs, err := s.regs.ForEvents(ctx, append(slices.Clone(ids), plannedIDs...))
	if err != nil {
		return Report{}, err
	}
	arrived, err := s.arrived.ArrivedIn(ctx, ids)
	if err != nil {
		return Report{}, err
	}
	grouped := byEvent(regs)
	figs := make([]eventFigures, len(held))
	for i, ev := range held {
		fig, ok := kept[ev.ID]
		if !ok {
			fig = figuresOf(ev, grouped[ev.ID], arrived[ev.ID])
			if settled(ev, now) {
				s.keep(ctx, ev, fig, now)
			}
		}
		figs[i] = fig
	}
	rep := combine(org, f, held, figs, s.minCell, lang)
	rep.addPlanned(planned, grouped)
	return rep, nil
}
