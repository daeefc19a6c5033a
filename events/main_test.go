package events_test

import (
	"testing"

	"folkhalsa-events/app/datastore/storetest"
)

func TestMain(m *testing.M) { storetest.Main(m) }
