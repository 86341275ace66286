// Package golangci registers leaklint's passes as golangci-lint v2 module
// plugins, one plugin per pass, so that each pass is a linter of its own:
// `//nolint:closecheck` silences only closecheck, and golangci-lint's
// reports name the pass.
//
// Import it for its side effect in a custom golangci-lint build (see
// .custom-gcl.yml and tools/golangci). Each linter's `settings` decode into
// its pass's Config, by the json names the Config declares; an unknown or
// invalid setting is an error, reported before any package is loaded.
package golangci

import (
	"fmt"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"

	"github.com/leaklint/leaklint/passes/chansend"
	"github.com/leaklint/leaklint/passes/closecheck"
	"github.com/leaklint/leaklint/passes/deferrelease"
	"github.com/leaklint/leaklint/passes/snapshotguard"
)

func init() {
	registerPass("closecheck", closecheck.New)
	registerPass("deferrelease", deferrelease.New)
	registerPass("chansend", chansend.New)
	registerPass("snapshotguard", snapshotguard.New)
}

// settings is what every pass's Config offers.
type settings interface{ Validate() error }

// registerPass registers the plugin name, which builds its analyzer by
// newAnalyzer from the linter's decoded settings.
func registerPass[C settings](name string, newAnalyzer func(C) *analysis.Analyzer) {
	register.Plugin(name, func(raw any) (register.LinterPlugin, error) {
		cfg, err := register.DecodeSettings[C](raw)
		if err != nil {
			return nil, fmt.Errorf("leaklint %s: %w", name, err)
		}
		if err := cfg.Validate(); err != nil {
			return nil, fmt.Errorf("leaklint %s: settings: %w", name, err)
		}
		return plugin{newAnalyzer(cfg)}, nil
	})
}

// plugin is one pass, built from its settings.
type plugin struct{ analyzer *analysis.Analyzer }

func (p plugin) BuildAnalyzers() ([]*analysis.Analyzer, error) {
	return []*analysis.Analyzer{p.analyzer}, nil
}

// GetLoadMode asks for type information: every pass builds SSA.
func (plugin) GetLoadMode() string { return register.LoadModeTypesInfo }
