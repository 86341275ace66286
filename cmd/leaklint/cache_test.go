package main_test

import (
	"os"
	"testing"

	"github.com/leaklint/leaklint/internal/fixtures"
)

// The built binary inherits the tests' environment, and so their cache.
func TestMain(m *testing.M) { os.Exit(fixtures.RunWithOwnCache(m)) }
