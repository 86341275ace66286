// Command leaklint runs leaklint's passes: standalone (`leaklint ./...`)
// or as a vet tool (`go vet -vettool=$(command -v leaklint) ./...`).
//
// It reads .leaklint.yml from the working directory or above (or the
// file -config names). Standalone, it reports as text, -json or
// -format=sarif, and can report only findings new since a revision
// (-new-from-rev) or a baseline (-baseline).
//
// Exit codes (standalone, every format): 0 no findings, 3 findings, 1 a
// package failed to load or type-check or the run failed, 2 bad flags or
// configuration. Under go vet, go vet decides (1 on findings).
package main

import (
	"os"

	"golang.org/x/tools/go/analysis/multichecker"

	"github.com/leaklint/leaklint/internal/driver"
)

func main() {
	code, handOff := driver.Main(os.Args[1:], os.Stdout, os.Stderr)
	if handOff != nil {
		// -fix, -diff, profiles and go vet's protocol: the multichecker's.
		os.Args = append(os.Args[:1], handOff.Args...)
		multichecker.Main(handOff.Analyzers...)
	}
	os.Exit(code)
}
