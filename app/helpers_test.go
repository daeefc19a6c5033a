package app_test

import (
	"testing"
	"time"

	"folkhalsa-events/events"
)

func mustDate(t *testing.T, s string) time.Time {
	t.Helper()
	d, err := time.ParseInLocation("2006-01-02", s, events.Stockholm)
	if err != nil {
		t.Fatal(err)
	}
	return d
}
