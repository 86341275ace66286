// Command floor runs the floor analyzer (see package floor) with the same
// driver as leaklint.
package main

import (
	"golang.org/x/tools/go/analysis/multichecker"

	"github.com/leaklint/leaklint/eval/floor"
)

func main() { multichecker.Main(floor.Analyzer) }
