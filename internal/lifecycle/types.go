package lifecycle

import (
	"golang.org/x/tools/go/ssa"

	"go/types"
	"slices"
	"sync"
)

// HasMethod reports whether values of type t have a method with the given
// name that takes no arguments. Pointer receivers count for named non-pointer
// types, since the value usually sits in an addressable variable.
func HasMethod(t types.Type, name string) bool {
	if t == nil {
		return false
	}
	if hasNiladic(t, name) {
		return true
	}
	if _, isPtr := types.Unalias(t).(*types.Pointer); isPtr {
		return false
	}
	if _, isIface := t.Underlying().(*types.Interface); isIface {
		return false
	}
	if _, isNamed := types.Unalias(t).(*types.Named); isNamed {
		return hasNiladic(types.NewPointer(t), name)
	}
	return false
}

func hasNiladic(t types.Type, name string) bool {
	obj, _, _ := types.LookupFieldOrMethod(t, true, nil, name)
	fn, ok := obj.(*types.Func)
	if !ok {
		return false
	}
	sig, ok := fn.Type().(*types.Signature)
	return ok && sig.Params().Len() == 0
}

// HasReleaseMethod reports whether t has a method name that takes nothing
// or only a context (Release(ctx) of a reference held across RPCs).
func HasReleaseMethod(t types.Type, name string) bool {
	if HasMethod(t, name) {
		return true
	}
	obj, _, _ := types.LookupFieldOrMethod(t, true, nil, name)
	fn, ok := obj.(*types.Func)
	if !ok {
		return false
	}
	sig, ok := fn.Type().(*types.Signature)
	return ok && sig.Params().Len() == 1 && IsContext(sig.Params().At(0).Type())
}

// HasAnyMethod reports whether t has a niladic method named in names.
func HasAnyMethod(t types.Type, names []string) bool {
	for _, n := range names {
		if HasMethod(t, n) {
			return true
		}
	}
	return false
}

// IsClientStream reports whether t is a gRPC client stream: it can both
// half-close (CloseSend) and receive (RecvMsg). Server streams have no
// CloseSend, so they are not matched.
func IsClientStream(t types.Type) bool {
	return hasMethodNamed(t, "CloseSend") && hasMethodNamed(t, "RecvMsg")
}

// OpensCloser reports whether result j of a call through an interface
// is an io closer the method opened for its caller: its type is
// io.ReadCloser, io.ReadSeekCloser, io.WriteCloser or io.ReadWriteCloser
// and the method also returns an error (a storage backend's
// Read(ctx, name) (io.ReadCloser, int64, error)). A getter with no error
// (Body() io.ReadCloser) hands over nothing.
func OpensCloser(c *ssa.CallCommon, j int) bool {
	if !c.IsInvoke() {
		return false
	}
	res := c.Signature().Results()
	if j >= res.Len() || !IsError(res.At(res.Len()-1).Type()) {
		return false
	}
	return IsNamed(res.At(j).Type(), "io", "ReadCloser", "ReadSeekCloser", "WriteCloser", "ReadWriteCloser")
}

func hasMethodNamed(t types.Type, name string) bool {
	obj, _, _ := types.LookupFieldOrMethod(t, true, nil, name)
	_, ok := obj.(*types.Func)
	return ok
}

// IsError reports whether t is the predeclared error type.
func IsError(t types.Type) bool {
	return types.Identical(t, types.Universe.Lookup("error").Type())
}

// mayHoldResource reports whether a value of type t can refer to a
// resource at all; basic types (ints, strings, bools) cannot.
func mayHoldResource(t types.Type) bool {
	switch u := t.Underlying().(type) {
	case *types.Basic:
		return u.Kind() == types.UnsafePointer
	case *types.Tuple:
		for v := range u.Variables() {
			if mayHoldResource(v.Type()) {
				return true
			}
		}
		return false
	}
	return true
}

// FuncKey names a function or method as "pkgpath.Name" or
// "pkgpath.Type.Name", for the few well-known APIs matched by identity.
func FuncKey(fn *types.Func) string {
	if fn == nil || fn.Pkg() == nil {
		return ""
	}
	sig, _ := fn.Type().(*types.Signature)
	if sig != nil && sig.Recv() != nil {
		if n := ReceiverNamed(sig); n != nil {
			return fn.Pkg().Path() + "." + n.Obj().Name() + "." + fn.Name()
		}
		if types.IsInterface(sig.Recv().Type()) {
			return "" // interface methods are matched by the caller
		}
	}
	return fn.Pkg().Path() + "." + fn.Name()
}

// ReceiverNamed returns the named type a method is declared on (T for
// a receiver of type T or *T), or nil for a function or an interface
// method.
func ReceiverNamed(sig *types.Signature) *types.Named {
	if sig.Recv() == nil {
		return nil
	}
	t := sig.Recv().Type()
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	n, _ := types.Unalias(t).(*types.Named)
	if n != nil && types.IsInterface(n) {
		return nil
	}
	return n
}

// neverAResource reports parameter types no resource travels through:
// contexts, errors and function values (a closure capturing a resource is
// followed where it is made). Leaving them out keeps summaries, and so the
// facts every dependent package copies, small.
func neverAResource(t types.Type) bool {
	if IsError(t) {
		return true
	}
	if _, ok := t.Underlying().(*types.Signature); ok {
		return true
	}
	return IsContext(t)
}

// IsContext reports context.Context.
func IsContext(t types.Type) bool { return IsNamed(t, "context", "Context") }

// IsNamed reports whether t, or what t points to, is a named type of the
// package with the given path, with one of the given names.
func IsNamed(t types.Type, path string, names ...string) bool {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == path && slices.Contains(names, n.Obj().Name())
}

// mayContainResource reports whether a value of type t can hold, directly
// or through its fields and elements, something that must be released: a
// value with a release or stream method, an interface, a function (a
// closure captures), a channel, an unsafe pointer, a type parameter. A
// Kubernetes API object cannot. Answers for named types are cached for the
// whole run: the same API types are asked about from every package.
func mayContainResource(t types.Type) bool {
	c := containment{index: make(map[*types.Named]int), done: make(map[*types.Named]bool)}
	return c.contains(t)
}

// containCache holds the answers for named types by containKey.
var containCache sync.Map // string -> bool

// containKey names a package-level named type (or an instance of one) the
// same way in every type-checker universe of a run. Staticcheck's runner
// type-checks each package against fresh export data, so one type is a
// new *types.Named in every package analysed; keyed by pointer, the cache
// kept every one of them alive (6.6 GB filling the cache over client-go).
// Types declared inside functions have no such name and are not cached
// beyond their query.
func containKey(n *types.Named) (string, bool) {
	obj := n.Obj()
	if obj.Pkg() == nil || obj.Parent() != obj.Pkg().Scope() {
		return "", false
	}
	return types.TypeString(n, nil), true
}

// containment explores the graph of named types with Tarjan's algorithm.
// Mutually recursive types (generated API clients have hundreds) form one
// strongly connected component whose members all have one answer: true if
// any member holds a resource directly or reaches a component that does.
// The answer is cached for every member when its component is complete,
// so each named type is explored once per run, however cyclic the graph.
type containment struct {
	index  map[*types.Named]int  // order of discovery, for the types of this query
	stack  []*types.Named        // types whose component is not complete yet
	holds  []bool                // stack[i] holds a resource, directly or through a finished component
	lowest int                   // while exploring a type: the lowest index it reaches on the stack
	done   map[*types.Named]bool // answers of this query's finished components (local types too)
}

func (c *containment) contains(t types.Type) bool {
	switch u := types.Unalias(t).(type) {
	case *types.Named:
		return c.named(u)
	case *types.TypeParam, *types.Interface, *types.Signature, *types.Chan:
		return true
	case *types.Basic:
		return u.Kind() == types.UnsafePointer
	case *types.Pointer:
		return c.contains(u.Elem())
	case *types.Slice:
		return c.contains(u.Elem())
	case *types.Array:
		return c.contains(u.Elem())
	case *types.Map:
		return c.contains(u.Key()) || c.contains(u.Elem())
	case *types.Struct:
		for f := range u.Fields() {
			if c.contains(f.Type()) {
				return true
			}
		}
		return false
	}
	return true
}

// named returns n's answer when it is known, and otherwise what n's
// exploration found so far: false for a type on the stack, whose
// component decides when it completes.
func (c *containment) named(n *types.Named) bool {
	if v, ok := c.done[n]; ok {
		return v
	}
	key, global := containKey(n)
	if v, ok := containCache.Load(key); global && ok {
		return v.(bool)
	}
	if i, seen := c.index[n]; seen {
		// On the stack (a finished type would be cached): a cycle.
		c.lowest = min(c.lowest, i)
		return false
	}
	i, at := len(c.index), len(c.stack)
	c.index[n] = i
	c.stack = append(c.stack, n)
	c.holds = append(c.holds, false)
	outer := c.lowest
	c.lowest = i
	v := HasAnyMethod(n, releaseNames) || streamLike(n) || c.contains(n.Underlying())
	low := c.lowest
	c.lowest = min(outer, low)
	c.holds[at] = c.holds[at] || v
	if low < i {
		return v // part of a component rooted further down the stack
	}
	// n roots a component: the types above it on the stack.
	answer := false
	for _, h := range c.holds[at:] {
		answer = answer || h
	}
	for _, m := range c.stack[at:] {
		c.done[m] = answer
		if key, ok := containKey(m); ok {
			containCache.Store(key, answer)
		}
	}
	c.stack, c.holds = c.stack[:at], c.holds[:at]
	return answer
}

// releaseNames are the methods that make a type a resource for some pass.
var releaseNames = []string{"Close", "Release", "DecRef", "Unref", "CloseSend", "Stop", "Shutdown"}
