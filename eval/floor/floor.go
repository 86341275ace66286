// Package floor defines the cheapest analyzer an SSA-based, fact-using
// analyzer could be: it loads, type-checks and builds SSA for every package,
// declares a fact type so that the driver analyses dependencies from source
// exactly as it does for leaklint, and reports nothing. leaklint's cost is
// measured against it.
package floor

import (
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
)

// Analyzer builds SSA and reports nothing.
var Analyzer = &analysis.Analyzer{
	Name:      "floor",
	Doc:       "builds SSA for every package, with a fact type so dependencies are analysed from source; reports nothing",
	Requires:  []*analysis.Analyzer{buildssa.Analyzer},
	FactTypes: []analysis.Fact{new(nothing)},
	Run:       func(*analysis.Pass) (any, error) { return nil, nil },
}

// nothing is a fact never exported: declaring it is what makes the driver
// analyse every dependency.
type nothing struct{}

func (*nothing) AFact() {}
