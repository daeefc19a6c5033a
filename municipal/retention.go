package municipal

import (
	"context"
	"errors"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
)

// Retention (RETENTION_DAYS, run by the daily purge pass): a request's contact details
// and message go once it came in before the cutoff, with the text of the answers
// written before it (the municipality, kind, topics and
// what came of it stay, for the history); a visit record keeps the roles of those who
// took part and loses their names once the visit is before the cutoff; a contact
// person neither added nor confirmed (invited again, or a new request from the same
// address) since the cutoff is removed.

// PurgeResult counts what a pass removed.
type PurgeResult struct {
	Requests, Answers, Visits, Contacts int64
}

// Purge removes the personal data older than cutoff.
func (s *Store) Purge(ctx context.Context, cutoff time.Time) (PurgeResult, error) {
	var res PurgeResult
	var errs []error
	now := s.now().UTC().Truncate(time.Millisecond)
	r, err := s.requests.UpdateMany(ctx, bson.D{{Key: "received_at", Value: bson.D{{Key: "$lt", Value: cutoff}}}, {Key: "anonymised_at", Value: bson.D{{Key: "$exists", Value: false}}}},
		bson.D{{Key: "$unset", Value: bson.D{{Key: "name", Value: ""}, {Key: "role", Value: ""}, {Key: "email", Value: ""}, {Key: "phone", Value: ""}, {Key: "message", Value: ""}}},
			{Key: "$set", Value: bson.D{{Key: "anonymised_at", Value: now}}}})
	if err != nil {
		errs = append(errs, fmt.Errorf("anonymise requests: %w", err))
	} else {
		res.Requests = r.ModifiedCount
	}
	// An answer greets and may quote the requester: its text goes with their details.
	a, err := s.answers.UpdateMany(ctx, bson.D{{Key: "at", Value: bson.D{{Key: "$lt", Value: cutoff}}}, {Key: "text", Value: bson.D{{Key: "$ne", Value: ""}}}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "text", Value: ""}}}})
	if err != nil {
		errs = append(errs, fmt.Errorf("anonymise answers: %w", err))
	} else {
		res.Answers = a.ModifiedCount
	}
	var visits []Visit
	day := cutoff.Format(time.DateOnly)
	if err := findAll(ctx, s.visits, bson.D{{Key: "date", Value: bson.D{{Key: "$lt", Value: day}}}}, &visits); err != nil {
		errs = append(errs, err)
	}
	for _, v := range visits {
		roles := make([]Person, len(v.People))
		named := false
		for i, p := range v.People {
			roles[i] = Person{Role: p.Role}
			named = named || p.Name != ""
		}
		if !named {
			continue
		}
		if _, err := s.visits.UpdateOne(ctx, bson.D{{Key: "_id", Value: v.ID}}, bson.D{{Key: "$set", Value: bson.D{{Key: "people", Value: roles}}}}); err != nil {
			errs = append(errs, fmt.Errorf("anonymise visit: %w", err))
			continue
		}
		res.Visits++
	}
	d, err := s.contacts.DeleteMany(ctx, bson.D{{Key: "added_at", Value: bson.D{{Key: "$lt", Value: cutoff}}},
		{Key: "$or", Value: bson.A{bson.D{{Key: "confirmed_at", Value: bson.D{{Key: "$exists", Value: false}}}}, bson.D{{Key: "confirmed_at", Value: bson.D{{Key: "$lt", Value: cutoff}}}}}}})
	if err != nil {
		errs = append(errs, fmt.Errorf("remove contacts: %w", err))
	} else {
		res.Contacts = d.DeletedCount
	}
	return res, errors.Join(errs...)
}
