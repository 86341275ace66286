// Package metadata is a stub of google.golang.org/grpc/metadata.
package metadata

// MD is a mapping from metadata keys to values.
type MD map[string][]string
