package twice

// A test file, so that the package has a test variant that reports the
// same findings again. It imports nothing, so that the tests load no more
// of the standard library than go test's generated main needs.
var _ = Size
