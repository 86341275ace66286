package driver

import (
	"go/types"
	"reflect"
	"unsafe"
)

// Once a package is analysed, its importers need its exported types and
// the signatures of its functions, not the scopes of the function
// bodies: the local variables and blocks of every function, over half of
// what a package's types keep (on grpc's dependencies 86 of 139 MB). The
// scope tree keeps them alive through the file scopes, and a function's
// signature keeps its own scope. go/types gives no way to cut a scope
// from its parent, so dropBodyScopes clears the children of every scope
// below the package's through the field, when the field is the one
// expected; with any other layout it does nothing.
func dropBodyScopes(pkg *types.Package) {
	if !childrenFieldOK {
		return
	}
	top := pkg.Scope()
	for i := range top.NumChildren() {
		dropChildren(top.Child(i))
	}
}

func dropChildren(s *types.Scope) {
	for i := range s.NumChildren() {
		dropChildren(s.Child(i))
	}
	*(*[]*types.Scope)(unsafe.Add(unsafe.Pointer(s), childrenField.Offset)) = nil
}

var childrenField, childrenFieldOK = reflect.TypeFor[types.Scope]().FieldByName("children")

func init() {
	childrenFieldOK = childrenFieldOK && childrenField.Type == reflect.TypeFor[[]*types.Scope]()
}
