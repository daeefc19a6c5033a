package jobs

import (
	"testing"

	"folkhalsa-events/platform/datastore/storetest"
)

func TestMain(m *testing.M) { storetest.Main(m) }
