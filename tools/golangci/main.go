// Command golangci-lint-leaklint is golangci-lint v2.15.0 with leaklint's
// passes built in as module plugins: what `golangci-lint custom` builds
// from .custom-gcl.yml, without cloning golangci-lint's repository, so it
// builds offline from the module cache and reproducibly from this go.sum.
//
//	cd tools/golangci && go build -o golangci-lint-leaklint .
package main

import (
	"fmt"
	"os"
	"runtime"

	"github.com/golangci/golangci-lint/v2/pkg/commands"
	"github.com/golangci/golangci-lint/v2/pkg/exitcodes"

	_ "github.com/leaklint/leaklint/golangci" // registers closecheck, deferrelease, chansend, snapshotguard
)

func main() {
	info := commands.BuildInfo{
		Version:   "2.15.0+leaklint",
		GoVersion: runtime.Version(),
		Commit:    "leaklint",
		Date:      "(unknown)",
	}
	if err := commands.Execute(info); err != nil {
		fmt.Fprintf(os.Stderr, "golangci-lint-leaklint: %v\n", err)
		os.Exit(exitcodes.Failure)
	}
}
