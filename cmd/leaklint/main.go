// Command leaklint runs leaklint's passes: standalone (`leaklint ./...`)
// or as a vet tool (`go vet -vettool=$(command -v leaklint) ./...`).
//
// Exit codes (standalone): 0 no findings, 3 findings, 1 packages failed to
// load or type-check, 2 bad flags. With -json the exit code is 0 even with
// findings, as for every multichecker.
package main

import (
	"golang.org/x/tools/go/analysis/multichecker"

	"github.com/leaklint/leaklint/passes/chansend"
	"github.com/leaklint/leaklint/passes/closecheck"
	"github.com/leaklint/leaklint/passes/deferrelease"
	"github.com/leaklint/leaklint/passes/snapshotguard"
)

func main() {
	multichecker.Main(closecheck.Analyzer, deferrelease.Analyzer, chansend.Analyzer, snapshotguard.Analyzer)
}
