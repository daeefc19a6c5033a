package badges_test

import (
	"testing"

	"folkhalsa-events/platform/datastore/storetest"
)

// Every test of this package runs on a real store (the embedded FerretDB, or the
// server in MONGODB_URI), one database per test.
func TestMain(m *testing.M) { storetest.Main(m) }
