// Package manualres stubs grpc's resolver/manual: a resolver whose Close
// runs a callback that is empty until a test sets it.
package manualres

// Resolver is a resolver a test drives by hand.
type Resolver struct {
	Scheme        string
	CloseCallback func()
}

// NewBuilder returns a resolver whose callbacks do nothing.
func NewBuilder(scheme string) *Resolver {
	return &Resolver{Scheme: scheme, CloseCallback: func() {}}
}

// Close runs the close callback.
func (r *Resolver) Close() { r.CloseCallback() }
