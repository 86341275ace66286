package driver_test

import (
	"os"
	"testing"

	"github.com/leaklint/leaklint/internal/fixtures"
)

func TestMain(m *testing.M) { os.Exit(fixtures.RunWithOwnCache(m)) }
