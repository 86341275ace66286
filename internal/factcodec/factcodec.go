// Package factcodec writes analysis facts in a compact binary form.
//
// Under the standalone command's runner, every package reads back the
// facts of all its dependencies, once for each package it imports
// (staticcheck's runner keeps the transitive facts in each package's
// cache entry). With encoding/gob's reflection those reads were a third of
// an empty-cache run over grpc. Facts that implement GobEncoder and
// GobDecoder with this codec decode without reflection, and the strings
// they repeat (field and mutex paths) are written once per fact.
package factcodec

import (
	"encoding/binary"
	"errors"
)

// An Encoder appends values to a buffer.
type Encoder struct {
	buf     []byte
	strings map[string]uint64
}

// Uint writes v as a varint.
func (e *Encoder) Uint(v uint64) { e.buf = binary.AppendUvarint(e.buf, v) }

// Int writes v as a zig-zag varint.
func (e *Encoder) Int(v int) { e.buf = binary.AppendVarint(e.buf, int64(v)) }

// Bool writes v as one byte.
func (e *Encoder) Bool(v bool) {
	if v {
		e.Uint(1)
	} else {
		e.Uint(0)
	}
}

// String writes s, or its index if the fact wrote it before.
func (e *Encoder) String(s string) {
	if i, ok := e.strings[s]; ok {
		e.Uint(i)
		return
	}
	if e.strings == nil {
		e.strings = make(map[string]uint64)
	}
	i := uint64(len(e.strings))
	e.strings[s] = i
	e.Uint(i)
	e.Uint(uint64(len(s)))
	e.buf = append(e.buf, s...)
}

// Bytes returns what was written.
func (e *Encoder) Bytes() []byte { return e.buf }

// A Decoder reads what an Encoder wrote, in the same order. After the
// first error every read returns zero and Err reports it.
type Decoder struct {
	data    []byte
	strings []string
	err     error
}

// NewDecoder reads data.
func NewDecoder(data []byte) *Decoder { return &Decoder{data: data} }

var errCorrupt = errors.New("factcodec: corrupt fact")

// Uint reads a varint.
func (d *Decoder) Uint() uint64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Uvarint(d.data)
	if n <= 0 {
		d.err = errCorrupt
		return 0
	}
	d.data = d.data[n:]
	return v
}

// Int reads a zig-zag varint.
func (d *Decoder) Int() int {
	if d.err != nil {
		return 0
	}
	v, n := binary.Varint(d.data)
	if n <= 0 {
		d.err = errCorrupt
		return 0
	}
	d.data = d.data[n:]
	return int(v)
}

// Bool reads a bool.
func (d *Decoder) Bool() bool { return d.Uint() != 0 }

// Len reads a slice length, bounded by what is left to read so that a
// corrupt length cannot make the caller allocate without bound.
func (d *Decoder) Len() int {
	n := d.Uint()
	if n > uint64(len(d.data)) {
		d.err = errCorrupt
		return 0
	}
	return int(n)
}

// String reads a string.
func (d *Decoder) String() string {
	i := d.Uint()
	switch {
	case d.err != nil:
		return ""
	case i < uint64(len(d.strings)):
		return d.strings[i]
	case i > uint64(len(d.strings)):
		d.err = errCorrupt
		return ""
	}
	n := d.Len()
	if d.err != nil {
		return ""
	}
	s := string(d.data[:n])
	d.data = d.data[n:]
	d.strings = append(d.strings, s)
	return s
}

// Err reports the first error, or trailing bytes nothing read.
func (d *Decoder) Err() error {
	if d.err == nil && len(d.data) > 0 {
		return errCorrupt
	}
	return d.err
}
