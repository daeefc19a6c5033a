//go:build race

package registration_test

// The race detector slows the embedded store about tenfold, so bursts under -race are
// smaller; .ci/run also runs the full-size bursts without it.
const raceDetector = true
