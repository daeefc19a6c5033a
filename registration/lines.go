package registration

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"sync"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"folkhalsa-events/platform/datastore"
)

// Every limited thing (an event's on-site or digital seats, a workshop's seats, an
// invitation code's uses) is a line. Joining a line takes the next ticket, a document
// "P^n" that can exist only once, so tickets are handed out once each, in the order
// people join: 1, 2, 3, ... Leaving (cancelling, being refused) records a departure
// "P^n" in another collection. A ticket's rank is its number minus the departures
// before it, and a line with capacity c seats exactly the tickets of rank ≤ c; the
// others wait, and a waiting ticket's position is its rank minus c.
//
// So no counter is ever updated: seats, waiting-list order and positions all follow
// from documents whose _id can exist once (README: the store rule), and every step on
// the registration path is an _id insert or lookup, or a read of the departures, which
// are few. That keeps a burst of registrations fast on the embedded store too, which
// can only find documents quickly by _id.
//
// Which number to try first comes from hints: this instance's next number per line,
// and a shared best-effort maximum. A hint may be stale or lose an update; it only
// makes the first try likely to succeed. A departure is only ever recorded for a
// ticket that exists, so a number is counted once. A number whose insert failed is a
// gap until someone inserts it or the repair pass fills it with a ticket of nobody's
// that leaves (repair.go); until then it counts as a seat taken, never one too few.
type lines struct {
	tickets, departures, holders *mongo.Collection
	now                          func() time.Time

	mu   sync.Mutex
	next map[string]int64
}

type ticketDoc struct {
	ID             string `bson:"_id"`
	Line           string `bson:"line"`
	Number         int64  `bson:"number"`
	RegistrationID string `bson:"registration_id,omitempty"` // empty: a number the repair pass gave up (repair.go)
	// At is when the ticket was taken; the repair pass looks only at tickets older
	// than its grace period, whose requests have certainly ended.
	At time.Time `bson:"at"`
}

// holderDoc "P@registration" lets a registration hold at most one ticket per line.
type holderDoc struct {
	ID     string    `bson:"_id"`
	Line   string    `bson:"line"`
	Ticket int64     `bson:"ticket"`
	At     time.Time `bson:"at"`
}

// Line names.
func lineOnSite(eventID string) string              { return eventID + "|on_site" }
func lineDigital(eventID string) string             { return eventID + "|digital" }
func lineWorkshop(eventID, sessionID string) string { return eventID + "|ws:" + sessionID }
func lineInvitation(eventID, code string) string    { return eventID + "|inv:" + code }

func ticketID(line string, n int64) string { return line + "^" + strconv.FormatInt(n, 10) }

// lineRange selects the documents of one line: by _id range as well as by field, so
// that a collection sharded on a ranged _id answers from the shard that holds the
// line (docs/scaling.md). "_" follows "^" in byte order.
func lineRange(line string) bson.D {
	return bson.D{
		{Key: "_id", Value: bson.D{{Key: "$gte", Value: line + "^"}, {Key: "$lt", Value: line + "_"}}},
		{Key: "line", Value: line},
	}
}
func hintID(line string) string          { return line + "^max" }
func holderID(line, regID string) string { return line + "@" + regID }

func newLines(db *mongo.Database, now func() time.Time) *lines {
	return &lines{
		tickets:    db.Collection("line_tickets"),
		departures: db.Collection("line_departures"),
		holders:    db.Collection("line_holders"),
		now:        now,
		next:       map[string]int64{},
	}
}

func (l *lines) ensureIndexes(ctx context.Context) error {
	return errors.Join(
		datastore.EnsureIndexes(ctx, l.departures, datastore.Index("by_line", "line", "number")),
		datastore.EnsureIndexes(ctx, l.tickets, datastore.Index("by_line", "line", "number"), datastore.Index("by_at", "at")),
		datastore.EnsureCollection(ctx, l.holders),
	)
}

// join gives the registration a ticket in line, or the one it already has. It only
// inserts (the embedded store updates slowly): the ticket first, then the holder
// document that records it, so that joining again finds the same ticket.
//
// fresh says the registration is being placed: its id is new, so it holds nothing,
// and the registration document, inserted once after its tickets, records the
// ticket (Registration.Ticket, InvitationTicket, WorkshopChoice.Ticket). No holder is
// written then: one insert fewer on the path every registration takes.
func (l *lines) join(ctx context.Context, line, regID string, fresh bool) (int64, error) {
	if fresh {
		return l.take(ctx, line, regID)
	}
	n, _, err := l.joinOwn(ctx, line, regID)
	return n, err
}

// joinOwn is join for a registration that is not being placed, telling whether this
// call took the ticket (false: another request of the registration holds one in line).
func (l *lines) joinOwn(ctx context.Context, line, regID string) (int64, bool, error) {
	hid := holderID(line, regID)
	if n, err := l.held(ctx, hid); err != nil || n > 0 {
		return n, false, err
	}
	n, err := l.take(ctx, line, regID)
	if err != nil {
		return 0, false, err
	}
	if _, err := l.holders.InsertOne(ctx, holderDoc{ID: hid, Line: line, Ticket: n, At: l.now().UTC()}); err != nil {
		if derr := l.depart(context.WithoutCancel(ctx), line, n); derr != nil {
			return 0, false, derr
		}
		if datastore.IsDuplicate(err) {
			held, err := l.held(ctx, hid)
			return held, false, err
		}
		return 0, false, fmt.Errorf("join %s: %w", line, err)
	}
	return n, true, nil
}

// held returns the registration's ticket in the holder's line, 0 if it has none. A
// holder whose ticket has left (a leave that stopped before dropping the holder) holds
// nothing: counting it would seat the person on a ticket that no longer counts.
func (l *lines) held(ctx context.Context, hid string) (int64, error) {
	var h holderDoc
	err := l.holders.FindOne(ctx, bson.D{{Key: "_id", Value: hid}}).Decode(&h)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("read line holder: %w", err)
	}
	gone, err := l.departed(ctx, h.Line, h.Ticket)
	if err != nil || gone {
		if gone {
			l.dropHolder(ctx, hid)
		}
		return 0, err
	}
	return h.Ticket, nil
}

// departed reports whether ticket n of line has left.
func (l *lines) departed(ctx context.Context, line string, n int64) (bool, error) {
	return datastore.Exists(ctx, l.departures, ticketID(line, n))
}

// take inserts the next free ticket of line.
func (l *lines) take(ctx context.Context, line, regID string) (int64, error) {
	n, err := l.reserve(ctx, line, 0)
	if err != nil {
		return 0, err
	}
	for {
		_, err := l.tickets.InsertOne(ctx, ticketDoc{ID: ticketID(line, n), Line: line, Number: n, RegistrationID: regID, At: l.now().UTC()})
		if err == nil {
			if n%publishEvery == 0 {
				l.publish(ctx, line, n)
			}
			return n, nil
		}
		if !datastore.IsDuplicate(err) {
			// The insert may still reach the store, or never: n is left as it is. A
			// departure now could count a ticket that another instance inserts later
			// as gone, and seat one person too many. If nobody takes n, the repair
			// pass closes the gap (repair.go).
			return 0, fmt.Errorf("take ticket: %w", err)
		}
		// Another instance hands out the same numbers: move past everything it has used.
		shared, err := l.shared(ctx, line)
		if err != nil {
			return 0, err
		}
		if n, err = l.reserve(ctx, line, max(shared, n)); err != nil {
			return 0, err
		}
	}
}

// reserve takes this instance's next number for line, above floor. Numbers are never
// handed out twice by one instance, so its own requests do not collide.
func (l *lines) reserve(ctx context.Context, line string, floor int64) (int64, error) {
	l.mu.Lock()
	_, known := l.next[line]
	l.mu.Unlock()
	if !known {
		shared, err := l.shared(ctx, line)
		if err != nil {
			return 0, err
		}
		floor = max(floor, shared)
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	n := max(floor+1, l.next[line])
	l.next[line] = n + 1
	return n, nil
}

// publishEvery spaces out updates of the shared hint: it is one hot document, and
// a hint that lags by a few numbers costs another instance only a few retries.
const publishEvery = 16

// publish raises the shared hint; a lost update only costs a later joiner a retry.
func (l *lines) publish(ctx context.Context, line string, n int64) {
	_, _ = l.tickets.UpdateOne(ctx, bson.D{{Key: "_id", Value: hintID(line)}},
		bson.D{{Key: "$max", Value: bson.D{{Key: "number", Value: n}}}, {Key: "$set", Value: bson.D{{Key: "line", Value: line + "^hint"}}}},
		options.UpdateOne().SetUpsert(true))
}

func (l *lines) shared(ctx context.Context, line string) (int64, error) {
	var t ticketDoc
	err := l.tickets.FindOne(ctx, bson.D{{Key: "_id", Value: hintID(line)}}).Decode(&t)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("read line hint: %w", err)
	}
	return t.Number, nil
}

// leave takes the registration out of line: the ticket it is known to have (known,
// from its document; 0: none), and any ticket a holder records for it.
func (l *lines) leave(ctx context.Context, line, regID string, known int64) error {
	if known > 0 {
		if err := l.depart(ctx, line, known); err != nil {
			return err
		}
	}
	hid := holderID(line, regID)
	n, err := l.held(ctx, hid)
	if err != nil || n == 0 {
		return err
	}
	if err := l.depart(ctx, line, n); err != nil {
		return err
	}
	l.dropHolder(ctx, hid)
	return nil
}

// giveUp leaves ticket n only: its holder is dropped if it still records n. Unlike
// leave it never touches a ticket that another request of the same registration holds
// in the line (a concurrent mode switch that succeeded).
func (l *lines) giveUp(ctx context.Context, line, regID string, n int64) error {
	if err := l.depart(ctx, line, n); err != nil {
		return err
	}
	hid := holderID(line, regID)
	var h holderDoc
	err := l.holders.FindOne(ctx, bson.D{{Key: "_id", Value: hid}}).Decode(&h)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("read line holder: %w", err)
	}
	if h.Ticket == n {
		l.dropHolder(ctx, hid)
	}
	return nil
}

func (l *lines) depart(ctx context.Context, line string, n int64) error {
	_, err := l.departures.InsertOne(ctx, ticketDoc{ID: ticketID(line, n), Line: line, Number: n, At: l.now().UTC()})
	if err != nil && !datastore.IsDuplicate(err) {
		return fmt.Errorf("leave %s: %w", line, err)
	}
	return nil
}

func (l *lines) dropHolder(ctx context.Context, hid string) {
	_, _ = l.holders.DeleteOne(context.WithoutCancel(ctx), bson.D{{Key: "_id", Value: hid}})
}

// rank is the ticket's place among those still in line (1 = first).
func (l *lines) rank(ctx context.Context, line string, n int64) (int64, error) {
	gone, err := l.departures.CountDocuments(ctx, append(lineRange(line), bson.E{Key: "number", Value: bson.D{{Key: "$lt", Value: n}}}))
	if err != nil {
		return 0, fmt.Errorf("rank in %s: %w", line, err)
	}
	return n - gone, nil
}

// seated reports whether ticket n is within capacity (0: no limit), and otherwise
// its waiting-list position (1 = next). A ticket numbered within capacity is seated
// whatever has left before it (its rank is at most its number), so the first
// `capacity` people need no read of the departures.
func (l *lines) seated(ctx context.Context, line string, n int64, capacity int) (bool, int, error) {
	if capacity <= 0 || n <= int64(capacity) {
		return true, 0, nil
	}
	r, err := l.rank(ctx, line, n)
	if err != nil {
		return false, 0, err
	}
	if r <= int64(capacity) {
		return true, 0, nil
	}
	return false, int(r) - capacity, nil
}

// departedNumbers reads the departures of the given lines at once, each line's
// numbers sorted, so that many ranks can be computed from one read.
func (l *lines) departedNumbers(ctx context.Context, names ...string) (map[string][]int64, error) {
	cur, err := l.departures.Find(ctx, bson.D{{Key: "line", Value: bson.D{{Key: "$in", Value: names}}}},
		options.Find().SetProjection(bson.D{{Key: "line", Value: 1}, {Key: "number", Value: 1}}))
	if err != nil {
		return nil, fmt.Errorf("read departures: %w", err)
	}
	var docs []ticketDoc
	if err := cur.All(ctx, &docs); err != nil {
		return nil, fmt.Errorf("read departures: %w", err)
	}
	out := map[string][]int64{}
	for _, d := range docs {
		out[d.Line] = append(out[d.Line], d.Number)
	}
	for _, nums := range out {
		slices.Sort(nums)
	}
	return out, nil
}

// rankIn is ticket n's rank given its line's sorted departures.
func rankIn(departed []int64, n int64) int64 {
	before, _ := slices.BinarySearch(departed, n)
	return n - int64(before)
}
