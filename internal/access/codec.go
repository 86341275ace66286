package access

import (
	"bytes"

	"github.com/leaklint/leaklint/internal/factcodec"
	"github.com/leaklint/leaklint/internal/locks"
)

// Summaries are most of the facts a package reads back from its
// dependencies, and most are never looked at: only packages of the same
// module import them (fields of other modules are left out). So they are
// written with factcodec, and read back as bytes, parsed when imported.

// GobEncode writes the summary with factcodec; one read back and never
// imported is written as it was read.
func (s *Summary) GobEncode() ([]byte, error) {
	if s.raw != nil {
		return s.raw, nil
	}
	var e factcodec.Encoder
	e.Bool(s.Fresh)
	encodeLocks(&e, s.Requires)
	e.Uint(uint64(len(s.Accesses)))
	for _, a := range s.Accesses {
		e.String(a.Field)
		e.String(a.Name)
		e.Uint(uint64(a.Kind))
		e.Bool(a.Atomic)
		encodeLocks(&e, a.Locks)
		e.String(a.Via)
		e.Int(a.Depth)
		e.Int(a.Param)
		e.Bool(a.Global)
		e.Bool(a.SelfLocked)
	}
	return e.Bytes(), nil
}

// GobDecode keeps what GobEncode wrote, for parse.
func (s *Summary) GobDecode(data []byte) error {
	*s = Summary{raw: bytes.Clone(data)}
	return nil
}

// parse reads the summary's fields from the bytes it was read back as, if
// it was.
func (s *Summary) parse() error {
	if s.raw == nil {
		return nil
	}
	d := factcodec.NewDecoder(s.raw)
	s.raw = nil
	s.Fresh = d.Bool()
	s.Requires = decodeLocks(d)
	if n := d.Len(); n > 0 {
		s.Accesses = make([]Access, n)
	}
	for i := range s.Accesses {
		a := &s.Accesses[i]
		a.Field = d.String()
		a.Name = d.String()
		a.Kind = Kind(d.Uint())
		a.Atomic = d.Bool()
		a.Locks = decodeLocks(d)
		a.Via = d.String()
		a.Depth = d.Int()
		a.Param = d.Int()
		a.Global = d.Bool()
		a.SelfLocked = d.Bool()
	}
	return d.Err()
}

func encodeLocks(e *factcodec.Encoder, ls []Lock) {
	e.Uint(uint64(len(ls)))
	for _, l := range ls {
		e.String(l.Path)
		e.String(l.Name)
		e.Uint(uint64(l.Mode))
	}
}

// decodeLocks returns nil for no locks, as gob did.
func decodeLocks(d *factcodec.Decoder) []Lock {
	n := d.Len()
	if n == 0 {
		return nil
	}
	ls := make([]Lock, n)
	for i := range ls {
		ls[i] = Lock{Path: d.String(), Name: d.String(), Mode: locks.Mode(d.Uint())}
	}
	return ls
}
