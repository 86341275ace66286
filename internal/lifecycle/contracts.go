package lifecycle

import (
	"go/types"
)

// An interface method has no code to summarize, so an argument handed to
// one is taken as kept. The standard library's interfaces document what
// their implementations may do with their arguments, though:
// io.Reader.Read and io.Writer.Write must not retain the slice (io's
// doc: "Implementations must not retain p"), nor may ReadAt and WriteAt;
// WriteTo and ReadFrom use the writer or reader they are given only
// until they return, as io.Copy does; the encoding unmarshalers
// (encoding.BinaryUnmarshaler, TextUnmarshaler, json.Unmarshaler,
// generated Unmarshal methods) must copy what they keep, and MarshalTo
// only fills the buffer. An argument given to one of these is borrowed.

// borrowingMethods names the methods whose first argument is only
// borrowed, with the type that argument must have.
var borrowingMethods = map[string]argKind{
	"Read":            byteSlice,
	"Write":           byteSlice,
	"ReadAt":          byteSlice,
	"WriteAt":         byteSlice,
	"ReadFull":        byteSlice,
	"MarshalTo":       byteSlice,
	"Unmarshal":       byteSlice,
	"UnmarshalBinary": byteSlice,
	"UnmarshalText":   byteSlice,
	"UnmarshalJSON":   byteSlice,
	"UnmarshalVT":     byteSlice,
	"WriteTo":         ioInterface,
	"ReadFrom":        ioInterface,
}

type argKind int

const (
	byteSlice   argKind = iota // []byte
	ioInterface                // an interface with a Read or a Write method
)

// callsBeforeReturn names the interface methods documented to call
// their function argument before they return, and not after: what that
// function captures is only borrowed (a buffer read into by
// syscall.Read inside rawConn.Read(func(fd uintptr) bool {...})).
var callsBeforeReturn = map[string]bool{
	"syscall.Read":    true, // syscall.RawConn's methods (an abstract
	"syscall.Write":   true, // method's receiver may be its unnamed
	"syscall.Control": true, // interface, so the package names them)
}

// borrowsArg reports whether an interface method, by its documented
// contract, only borrows its argument i.
func borrowsArg(method *types.Func, i int) bool {
	if method == nil || i != 0 {
		return false
	}
	if method.Pkg() != nil && callsBeforeReturn[method.Pkg().Path()+"."+method.Name()] {
		return true
	}
	kind, ok := borrowingMethods[method.Name()]
	if !ok {
		return false
	}
	sig, ok := method.Type().(*types.Signature)
	if !ok || sig.Params().Len() == 0 || !returnsError(sig) {
		return false
	}
	t := sig.Params().At(0).Type()
	switch kind {
	case byteSlice:
		s, ok := t.Underlying().(*types.Slice)
		if !ok {
			// Write(w *bufio.Writer): writing itself into a writer, as
			// WriteTo does, uses it only until it returns.
			return ioObject(t)
		}
		b, ok := s.Elem().Underlying().(*types.Basic)
		return ok && b.Kind() == types.Byte
	default:
		iface, ok := t.Underlying().(*types.Interface)
		return ok && (hasMethod(iface, "Read") || hasMethod(iface, "Write"))
	}
}

// ioObject reports a reader or writer object: an interface or a pointer
// whose method set has Read or Write.
func ioObject(t types.Type) bool {
	if iface, ok := t.Underlying().(*types.Interface); ok {
		return hasMethod(iface, "Read") || hasMethod(iface, "Write")
	}
	if _, ok := t.Underlying().(*types.Pointer); !ok {
		return false
	}
	return hasMethodNamed(t, "Read") || hasMethodNamed(t, "Write")
}

func returnsError(sig *types.Signature) bool {
	res := sig.Results()
	return res.Len() > 0 && types.Identical(res.At(res.Len()-1).Type(), types.Universe.Lookup("error").Type())
}

func hasMethod(iface *types.Interface, name string) bool {
	for m := range iface.Methods() {
		if m.Name() == name {
			return true
		}
	}
	return false
}
