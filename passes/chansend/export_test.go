package chansend

import "github.com/leaklint/leaklint/internal/lifecycle"

// Tests see the panics that a real run turns into "nothing reported for
// this function".
func init() { lifecycle.DebugPanics = true }
