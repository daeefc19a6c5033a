package app

import (
	"testing"
	"time"
)

// The limiter's windows: max requests per key, then refusals until the window ends,
// counted per key; expired windows are dropped so memory stays bounded.
func TestRegistrationLimiterWindow(t *testing.T) {
	now := time.Date(2026, 9, 1, 12, 0, 0, 0, time.UTC)
	l := newRegLimiter(3, time.Minute)
	l.now = func() time.Time { return now }
	for i := 1; i <= 3; i++ {
		if ok, _ := l.allow("a"); !ok {
			t.Fatalf("request %d refused", i)
		}
	}
	now = now.Add(20 * time.Second)
	if ok, wait := l.allow("a"); ok || wait != 40*time.Second {
		t.Errorf("4th request: ok %v, wait %s", ok, wait)
	}
	if ok, _ := l.allow("b"); !ok {
		t.Error("another key is limited too")
	}
	now = now.Add(41 * time.Second)
	if ok, _ := l.allow("a"); !ok {
		t.Error("still refused after the window")
	}
	now = now.Add(2 * time.Minute)
	l.allow("c")
	if len(l.hits) != 1 {
		t.Errorf("%d windows kept, want only the live one", len(l.hits))
	}
}
