// Package testtools holds helpers for tests that use outside programs (pdftotext,
// pdftoppm, zbarimg, chromium). Those come from Debian packages that .ci/run installs.
package testtools

import (
	"os"
	"os/exec"
	"testing"
)

// RequireTool returns the path of an external program. Without it, a developer's
// machine skips the test (go test ./... needs only Go), but CI (CI set) fails: there
// .ci/run must have installed it, and a skip would hide a missing install step.
func RequireTool(t testing.TB, name, debianPackage string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err == nil {
		return path
	}
	if os.Getenv("CI") != "" {
		t.Fatalf("%s not found: .ci/run must install Debian's %s", name, debianPackage)
	}
	t.Skipf("%s not installed (apt-get install %s); CI runs this test", name, debianPackage)
	return ""
}
