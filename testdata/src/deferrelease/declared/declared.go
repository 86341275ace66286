// Package declared checks pairs named with -deferrelease.pairs.
package declared

import "errors"

// Arena lends blocks; Free gives one back.
type Arena struct{ used int }

func (a *Arena) Alloc(n int) []byte { a.used += n; return make([]byte, n) }
func (a *Arena) Free(b []byte)      { a.used -= len(b) }

// Pin and Unpin hold a page in memory.
type Page struct{ pins int }

func (p *Page) Pin()   { p.pins++ }
func (p *Page) Unpin() { p.pins-- }

var errFull = errors.New("full")

func fill(a *Arena, n int) error {
	b := a.Alloc(n) // want `deferrelease: b from a.Alloc is not put back on the path returning at declared.go:\d+ \(add defer a.Free\(b\) after line 21\)`
	if n > 10 {
		return errFull
	}
	a.Free(b)
	return nil
}

func fillDeferred(a *Arena, n int) error {
	b := a.Alloc(n)
	defer a.Free(b)
	if n > 10 {
		return errFull
	}
	return nil
}

func pinned(p *Page, ok bool) error {
	p.Pin() // want `deferrelease: the reference from p.Pin is not released on the path returning at declared.go:\d+`
	if !ok {
		return errFull
	}
	p.Unpin()
	return nil
}

func pinnedDeferred(p *Page, ok bool) error {
	p.Pin()
	defer p.Unpin()
	if !ok {
		return errFull
	}
	return nil
}
