package lifecycle

// Tests see the panics that a real run turns into "nothing known".
func init() { DebugPanics = true }
