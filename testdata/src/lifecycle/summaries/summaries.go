// Package summaries checks the ownership summaries the engine infers and
// exports as facts. Bits count results, and parameters receiver first.
// A function that borrows every parameter and returns nothing fresh has no
// fact: that is what a missing fact means.
package summaries

import (
	"errors"
	"io"
	"os"
	"sync"
	"sync/atomic"
)

type Conn struct {
	name string
	f    *os.File
}

func (c *Conn) Close() error { return c.f.Close() } // want Close:`lifecycle\(kept=1 releases=1 fields=10\)`

// A fresh allocation holding a file is owned by the caller; the string is
// only read.
func New(name string) (*Conn, error) { // want New:`lifecycle\(fresh=1 made=1\)`
	if name == "" {
		return nil, errors.New("no name")
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	return &Conn{name: name, f: f}, nil
}

// A Conn whose file Close would close is left nil holds nothing: inert,
// not fresh.
func NewDetached(name string) *Conn { return &Conn{name: name} } // want NewDetached:`lifecycle\(inert=1 made=1\)`

// An inert Conn given a file here is fresh.
func NewFilled(name string) (*Conn, error) { // want NewFilled:`lifecycle\(fresh=1 made=1\)`
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	c := NewDetached(name)
	c.f = f
	return c, nil
}

// Holds a file only when the caller passes one.
func NewOver(name string, f *os.File) *Conn { // want NewOver:`lifecycle\(fresh=1 kept=10 needs=10 made=1\)`
	return &Conn{name: name, f: f}
}

// Owned through another owned call.
func NewDefault() (*Conn, error) { return New("default") } // want NewDefault:`lifecycle\(fresh=1 made=1\)`

type Pool struct{ conns []*Conn }

// A getter hands over nothing: its receiver is borrowed, its result not fresh.
func (p *Pool) First() *Conn { return p.conns[0] } // no fact: borrows its parameters, returns nothing fresh

// Keeping the argument: neither borrowed nor passed through.
func (p *Pool) Add(c *Conn) { p.conns = append(p.conns, c) } // want Add:`lifecycle\(kept=10\)`

// Registered before being returned: someone else keeps it, not fresh.
var registry = map[string]*Conn{}

func NewRegistered(name string) *Conn { // no fact: borrows its parameters, returns nothing fresh
	c := &Conn{name: name}
	registry[name] = c
	return c
}

// Only reads its argument.
func Name(c *Conn) string { return c.name } // no fact: borrows its parameters, returns nothing fresh

// Returns its argument unchanged.
func Identity(c *Conn) *Conn { return c } // want Identity:`lifecycle\(kept=1 pass0->0\)`

// Wraps its argument in a fresh value.
type Wrapper struct{ c *Conn }

func Wrap(c *Conn) *Wrapper { return &Wrapper{c: c} } // want Wrap:`lifecycle\(fresh=1 kept=1 made=1 wrap0->0\)`

// Closes its argument.
func Shut(c *Conn) { c.Close() } // want Shut:`lifecycle\(kept=1 releases=1\)`

// ShutLocked closes through the variant of Close for a caller that holds
// the owner's lock (as pebble's UnrefLocked is Unref's), on a value whose
// methods are not known: the name says it releases c.
type lockedCloser interface {
	Close() error
	CloseLocked() error
}

func ShutLocked(c lockedCloser) { c.CloseLocked() } // want ShutLocked:`lifecycle\(kept=1 releases=1\)`

// Generic pass-through.
func Must[T any](v T, err error) T { // want Must:`lifecycle\(kept=1 pass0->0\)`
	if err != nil {
		panic(err)
	}
	return v
}

// os.Create is seeded: its result is owned, whatever the helper was given.
func Create(name string) (*os.File, error) { return os.Create(name) } // want Create:`lifecycle\(fresh=1 acquired=1\)`

// A fresh struct holding a value made from a parameter is still fresh: the
// caller decides whether what it passed is owned.
type section struct{ r io.Reader }

func (s *section) Close() error { s.r = nil; return nil } // no fact: borrows its parameters, returns nothing fresh

type handle struct{ sec section }

func (h *handle) Close() error { return h.sec.Close() } // want Close:`lifecycle\(kept=1 releases=1 fields=1\)`

func NewHandle(r io.ReaderAt) *handle { // want NewHandle:`lifecycle\(fresh=1 kept=1 made=1\)`
	return &handle{sec: section{r: io.NewSectionReader(r, 0, 10)}}
}

// Release methods record which receiver fields they release.
type pair struct {
	a, b *Conn
	n    int
}

func (p *pair) Close() error { p.n = 0; return p.b.Close() } // want Close:`lifecycle\(kept=1 releases=1 fields=10\)`

// Pool and reference wrappers: what they return is lent to the caller,
// what they take is given back.
var bufPool = sync.Pool{New: func() any { return new([]byte) }}

func GetBuf() *[]byte { return bufPool.Get().(*[]byte) } // want GetBuf:`lifecycle\(lent=1\)`

func PutBuf(b *[]byte) { bufPool.Put(b) } // want PutBuf:`lifecycle\(kept=1 releases=1 putback=1\)`

// Get-or-new: a new value when the pool is empty is given back the same way.
func AcquireBuf() *[]byte { // want AcquireBuf:`lifecycle\(lent=1\)`
	v := bufPool.Get()
	if v == nil {
		return new([]byte)
	}
	return v.(*[]byte)
}

var sizedPools [2]*sync.Pool

// A sized pool: the pooled slice cut to size, or a new slice.
func GetSized(size int) []byte { // want GetSized:`lifecycle\(lent=1\)`
	if size > 1<<12 {
		return make([]byte, size)
	}
	return sizedPools[size>>11].Get().([]byte)[:size]
}

// Only allocating is not lending.
func NewBuf() *[]byte { return new([]byte) } // want NewBuf:`lifecycle\(made=1\)`

type Snap struct{ refs int }

func (s *Snap) Retain()  { s.refs++ }
func (s *Snap) Release() { s.refs-- } // no fact: only its own count changes


type Holder struct {
	mu     sync.Mutex
	latest *Snap
}

func (h *Holder) Acquire() *Snap { // want Acquire:`lifecycle\(lent=1\)`
	h.mu.Lock()
	defer h.mu.Unlock()
	s := h.latest
	s.Retain()
	return s
}

// Neither lent nor fresh: atomic.Value.Load returns nil or what it holds
// through a named result that is only ever set to nil directly.
func LoadIt(v *atomic.Value) any { return v.Load() } // no fact: borrows its parameters, returns nothing fresh

// A value whose constructor starts a goroutine runs until it is closed.
type Ticker struct{ stop chan struct{} }

func (t *Ticker) Close() error { close(t.stop); return nil } // want Close:`lifecycle\(fields=1\)`

func (t *Ticker) run() { <-t.stop }

func NewTicker() *Ticker { // want NewTicker:`lifecycle\(active=1\)`
	t := &Ticker{stop: make(chan struct{})}
	go t.run()
	return t
}
