package accounts

import (
	"context"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
)

// DeleteBefore deletes audit log entries recorded before t and returns how many. The
// entries name organisers and client addresses, so they are kept only as long as
// participants' personal data (RETENTION_DAYS).
func (s *Service) DeleteBefore(ctx context.Context, t time.Time) (int64, error) {
	res, err := s.audit.DeleteMany(ctx, bson.D{{Key: "at", Value: bson.D{{Key: "$lt", Value: t.UTC()}}}})
	if err != nil {
		return 0, fmt.Errorf("auth: delete old audit entries: %w", err)
	}
	return res.DeletedCount, nil
}
