package testtools

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

// update makes Golden rewrite its files: go test ./<package> -update, after a
// deliberate change to what a file should say (then read the diff before committing).
var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// Golden compares got with the file testdata/<name> of the calling package, and
// rewrites the file first when the tests run with -update. A difference fails the
// test with both texts, so the change can be read in the log.
func Golden(t testing.TB, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test -update writes it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from what it should be (go test -update rewrites it after a deliberate change):\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}
