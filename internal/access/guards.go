package access

import (
	"go/ast"
	"go/types"
	"maps"
	"slices"
	"strings"
)

// Guards are a package's //leaklint:guardedby annotations: a comment on
// a struct field naming the mutex field of the same struct that must be
// held to touch it. They override the inference.
//
//	type FSM struct {
//		mu    sync.RWMutex
//		state map[string]string //leaklint:guardedby mu
//	}
type Guards struct {
	Fields map[string]string // field path → mutex path ("p.FSM.state" → "p.FSM.mu")
}

// AFact marks Guards as an analysis fact.
func (*Guards) AFact() {}

func (g *Guards) String() string {
	var parts []string
	for _, f := range slices.Sorted(maps.Keys(g.Fields)) {
		parts = append(parts, f+" by "+g.Fields[f])
	}
	return "guards " + strings.Join(parts, ", ")
}

const guardedBy = "leaklint:guardedby "

// annotatedGuards reads the annotations of the package's struct types.
func (t *Table) annotatedGuards() *Guards {
	g := &Guards{Fields: make(map[string]string)}
	for _, f := range t.pass.Files {
		ast.Inspect(f, func(n ast.Node) bool {
			spec, ok := n.(*ast.TypeSpec)
			if !ok {
				return true
			}
			st, ok := spec.Type.(*ast.StructType)
			obj := t.pass.TypesInfo.Defs[spec.Name]
			if !ok || obj == nil {
				return false
			}
			owner := types.TypeString(obj.Type(), nil)
			for _, field := range st.Fields.List {
				mu := annotation(field.Doc, field.Comment)
				for _, name := range field.Names {
					if mu != "" {
						g.Fields[owner+"."+name.Name] = owner + "." + mu
					}
				}
			}
			return false
		})
	}
	return g
}

func annotation(groups ...*ast.CommentGroup) string {
	for _, cg := range groups {
		if cg == nil {
			continue
		}
		for _, c := range cg.List {
			if _, rest, ok := strings.Cut(c.Text, guardedBy); ok {
				if fields := strings.Fields(rest); len(fields) > 0 {
					return fields[0]
				}
			}
		}
	}
	return ""
}

// GuardOf returns the mutex an annotation says guards the field, or "".
func (t *Table) GuardOf(field string) string {
	if t.guards == nil {
		t.guards = t.annotatedGuards().Fields
		for _, pf := range t.pass.AllPackageFacts() {
			if g, ok := pf.Fact.(*Guards); ok {
				maps.Copy(t.guards, g.Fields)
			}
		}
	}
	return t.guards[field]
}
