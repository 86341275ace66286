// Package losertree is a generic loser tree merging sorted sequences, shaped
// like the one store gateways use: closing the tree closes every sequence,
// which returns pooled buffers.
package losertree

// Sequence is one sorted input of the tree.
type Sequence interface {
	Next() bool
}

// Tree merges sequences of E, each of type S.
type Tree[E any, S Sequence] struct {
	nodes   []node[E, S]
	at      func(S) E
	less    func(E, E) bool
	closeFn func(S)
}

type node[E any, S Sequence] struct {
	index int
	value E
	items S
}

// New builds a tree over sequences; closeFn releases one sequence.
func New[E any, S Sequence](sequences []S, maxVal E, at func(S) E, less func(E, E) bool, closeFn func(S)) *Tree[E, S] {
	t := &Tree[E, S]{
		nodes:   make([]node[E, S], len(sequences)*2),
		at:      at,
		less:    less,
		closeFn: closeFn,
	}
	for i, s := range sequences {
		t.nodes[i+len(sequences)].items = s
		t.nodes[i+len(sequences)].value = maxVal
	}
	return t
}

// Next advances to the next smallest element.
func (t *Tree[E, S]) Next() bool {
	if len(t.nodes) == 0 {
		return false
	}
	return t.nodes[0].items.Next()
}

// At returns the current element.
func (t *Tree[E, S]) At() E { return t.nodes[0].value }

// Close releases every sequence of the tree.
func (t *Tree[E, S]) Close() {
	for _, n := range t.nodes[len(t.nodes)/2:] {
		t.closeFn(n.items)
	}
}
