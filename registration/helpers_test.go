package registration_test

import "strings"

func contains(s, sub string) bool { return strings.Contains(s, sub) }

// burstSize is how many register at once in the capacity tests: 1,000 for 100 seats
// and a 20-seat workshop; a tenth of that (same proportions) under the race detector.
func burstSize() int {
	if raceDetector {
		return 100
	}
	return 1000
}
