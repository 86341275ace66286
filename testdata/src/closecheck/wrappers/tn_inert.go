package wrappers

import (
	"errors"
	"os"
	"sync"

	"example.com/manualres"
)

// Inert values: their Close would release a field that holds nothing.
// Found on the corpus: badger's in-memory key registry, grpc's
// buffer.Unbounded and xds ChannelCreds with a nil cleanup, etcd's manual
// resolver.

// Registry keeps keys in memory, and in a file unless it is in-memory.
type Registry struct {
	keys map[string][]byte
	fp   *os.File
}

func (r *Registry) Close() error {
	if r.fp != nil {
		return r.fp.Close()
	}
	return nil
}

// newRegistry builds the in-memory part only: fp stays nil.
func newRegistry() *Registry { return &Registry{keys: map[string][]byte{}} }

// OpenRegistry returns an in-memory registry in memory mode; else one over
// a file. The in-memory case holds nothing, so its callers own nothing
// either.
func OpenRegistry(dir string, inMemory bool) (*Registry, error) {
	if inMemory {
		return newRegistry(), nil
	}
	r, err := readRegistry(dir)
	if err != nil {
		return nil, err
	}
	return r, nil
}

func readRegistry(dir string) (*Registry, error) {
	f, err := os.Open(dir + "/KEYREGISTRY")
	if err != nil {
		return nil, err
	}
	r := newRegistry()
	r.fp = f
	return r, nil
}

func writeRegistry(r *Registry) error { return errors.New("disk full") }

func initRegistry() (*Registry, error) {
	r := newRegistry()
	if err := writeRegistry(r); err != nil {
		return nil, err // nothing to close: r holds no file
	}
	return r, nil
}

func rotate(dir string) error {
	r, err := OpenRegistry(dir, true)
	if err != nil {
		return err
	}
	if dir == "" {
		return errors.New("no dir") // in-memory or not, decided by the caller's flag
	}
	return r.Close()
}

// readRegistry's result does hold the file.
func checkRegistry(dir string) error {
	r, err := readRegistry(dir) // want `closecheck: r \(from readRegistry\) is not closed on the path returning at tn_inert.go:\d+`
	if err != nil {
		return err
	}
	if len(r.keys) == 0 {
		return errors.New("empty")
	}
	return r.Close()
}

// Buffer is an unbounded in-memory queue; Close only closes its own
// channel, which nobody can be receiving from before the buffer escapes.
type Buffer struct {
	mu      sync.Mutex
	c       chan int
	backlog []int
	closed  bool
}

func NewBuffer() *Buffer { return &Buffer{c: make(chan int, 1)} }

func (b *Buffer) Close() {
	b.mu.Lock()
	defer b.mu.Unlock()
	if !b.closed {
		b.closed = true
		close(b.c)
	}
}

type filter struct{ req, resp *Buffer }

func newFilter(fail bool) (*filter, error) {
	f := &filter{}
	f.req = NewBuffer()
	f.resp = NewBuffer()
	if fail {
		return nil, errors.New("bad config")
	}
	return f, nil
}

// Creds close their cleanup when one was given.
type Creds struct {
	name    string
	cleanup func()
}

func NewCreds(name string, cleanup func()) *Creds {
	if cleanup != nil {
		cleanup = sync.OnceFunc(cleanup)
	}
	return &Creds{name: name, cleanup: cleanup}
}

func (c *Creds) Close() {
	if c.cleanup != nil {
		c.cleanup()
	}
}

func validate(name string) error { return errors.New("bad " + name) }

func sideChannel(name string) (*Creds, error) {
	creds := NewCreds(name, nil) // the bundle is owned elsewhere: Close would do nothing
	if err := validate(name); err != nil {
		return nil, err
	}
	return creds, nil
}

func ownedChannel(name string, stop func()) (*Creds, error) {
	creds := NewCreds(name, stop) // want `closecheck: creds \(from NewCreds\) is not closed on the path returning at tn_inert.go:\d+`
	if err := validate(name); err != nil {
		return nil, err
	}
	return creds, nil
}

// EtcdResolver embeds a manual resolver from another package whose Close
// callback is empty.
type EtcdResolver struct {
	*manualres.Resolver
	endpoints []string
}

func NewEtcdResolver(endpoints ...string) *EtcdResolver {
	return &EtcdResolver{Resolver: manualres.NewBuilder("etcd"), endpoints: endpoints}
}

func dialEtcd(endpoints []string) error {
	r := NewEtcdResolver(endpoints...)
	if len(endpoints) == 0 {
		return errors.New("no endpoints")
	}
	r.Close()
	return nil
}

// The same buffer, generic (grpc's buffer.Unbounded[T]).
type GenericBuffer[T any] struct {
	mu     sync.Mutex
	c      chan T
	closed bool
}

func NewGenericBuffer[T any]() *GenericBuffer[T] { return &GenericBuffer[T]{c: make(chan T, 1)} }

func (b *GenericBuffer[T]) Close() {
	b.mu.Lock()
	defer b.mu.Unlock()
	if !b.closed {
		b.closed = true
		close(b.c)
	}
}

type genericFilter struct{ req *GenericBuffer[int] }

func newGenericFilter(fail bool) (*genericFilter, error) {
	f := &genericFilter{}
	f.req = NewGenericBuffer[int]()
	if fail {
		return nil, errors.New("bad config")
	}
	return f, nil
}
