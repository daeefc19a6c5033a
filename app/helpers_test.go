package app_test

import (
	"context"
	"testing"
	"time"

	"folkhalsa-events/events"
	"folkhalsa-events/platform/datastore"
	"folkhalsa-events/registration"
)

func mustDate(t *testing.T, s string) time.Time {
	t.Helper()
	d, err := time.ParseInLocation("2006-01-02", s, events.Stockholm)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// repairPass runs the repair pass as the repair job does on a loaded machine: when
// the store was too busy for a pass (datastore.IsUnavailable: a deadline, or the
// embedded store's "database is locked"), the next pass runs, a few at most. The
// pass is idempotent, so repeating it changes nothing that one clean pass would not.
// Any other error, or a store still busy after the last pass, is returned.
func repairPass(ctx context.Context, regs *registration.Service) error {
	var err error
	for attempt := range 5 {
		if _, err = regs.Repair(ctx, time.Time{}); err == nil || !datastore.IsUnavailable(err) {
			return err
		}
		time.Sleep(time.Duration(attempt+1) * 500 * time.Millisecond)
	}
	return err
}
