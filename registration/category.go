package registration

import (
	"context"
	"fmt"
	"strings"

	"go.mongodb.org/mongo-driver/v2/bson"

	"folkhalsa-events/events"
)

// Categories are the badge categories in display order, with their labels. Every
// registration starts as a participant; organisers mark speakers, organisers and
// staff, whose badges get their own colour band.
var Categories = []Option[Category]{
	{CategoryParticipant, "category.participant"},
	{CategorySpeaker, "category.speaker"},
	{CategoryOrganiser, "category.organiser"},
	{CategoryStaff, "category.staff"},
	{CategoryGuest, "category.guest"},
}

// ValidCategory reports whether c is one of Categories.
func ValidCategory(c Category) bool { return known(Categories, c) }

// SetCategory changes the badge category of a registration (organiser use: no token
// check; the caller checks the organiser's access to the event). A category that is
// not one of Categories is an *events.ValidationError on "category"; an unknown id is
// ErrNotFound. Only the category (and updated_at) is written, by _id, so a participant
// editing their details at the same moment keeps their changes.
func (s *Service) SetCategory(ctx context.Context, id string, c Category) error {
	c = Category(strings.TrimSpace(string(c)))
	if !ValidCategory(c) {
		var v events.ValidationError
		v.Add("category", "app.err.category")
		return v.Err()
	}
	res, err := s.regs.UpdateOne(ctx, bson.D{{Key: "_id", Value: id}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "category", Value: c}, {Key: "updated_at", Value: s.now().UTC()}}}})
	if err != nil {
		return fmt.Errorf("set category: %w", err)
	}
	if res.MatchedCount == 0 {
		return ErrNotFound
	}
	return nil
}
