//go:build !race

package registration_test

const raceDetector = false
