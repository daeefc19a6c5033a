//go:build race

package main

// raceEnabled shrinks load tests under the race detector, which slows the embedded
// store about tenfold; CI also runs them at full size without it.
const raceEnabled = true
