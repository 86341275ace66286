package closecheck

// Tests see the panics that a real run turns into "nothing reported for
// this function".
func init() { debugPanics = true }
