package snapshotguard

import (
	_ "embed"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ssa"

	"github.com/leaklint/leaklint/internal/access"
	"github.com/leaklint/leaklint/internal/report"
	"github.com/leaklint/leaklint/internal/suppress"
)

//go:embed doc.go
var docFile string

// Config configures a snapshotguard analyzer.
type Config struct {
	// Funcs are more functions that replace state while the rest of the
	// program runs, besides those the raft libraries define: "Reload",
	// "Cache.Swap", "example.com/p.Cache.Swap". The json names are the keys
	// of the configuration file and of golangci-lint's settings.
	Funcs []string `json:"funcs"`
}

// Validate reports the first setting New would reject, naming its key.
func (cfg Config) Validate() error {
	var l funcList
	for _, f := range cfg.Funcs {
		if err := l.Set(f); err != nil {
			return report.SettingError("funcs", err)
		}
	}
	return nil
}

// Analyzer is snapshotguard with the default configuration; its flag
// -snapshotguard.funcs configures it from the command line.
var Analyzer = New(Config{})

// New returns a snapshotguard analyzer for cfg. Each analyzer owns its
// configuration; there is no package-level state. New panics if
// cfg.Validate fails, as regexp.MustCompile does: check it first when the
// configuration comes from a user.
func New(cfg Config) *analysis.Analyzer {
	if err := cfg.Validate(); err != nil {
		panic(err)
	}
	c := &config{}
	for _, f := range cfg.Funcs {
		_ = c.funcs.Set(f) // valid: checked above
	}
	a := report.NewPass("snapshotguard", docFile, "report state a snapshot apply replaces while others read it without its lock", c.run, buildssa.Analyzer, access.Analyzer)
	a.Flags.Var(&c.funcs, "funcs", "comma-separated extra functions that replace state, e.g. 'Reload,(*example.com/p.Cache).Swap'")
	return a
}

type config struct {
	funcs funcList
}

type checker struct {
	pass  *analysis.Pass
	cfg   *config
	out   *suppress.Reporter
	src   *report.Source
	tab   *access.Table
	funcs []*ssa.Function
	byObj map[*types.Func]*ssa.Function
	roles map[*ssa.Function]role
	// writes are the writers' writes of each field.
	writes map[string][]write
	// machines are the types with a writer method; outside, those with
	// an exported one: their exported methods are readers even when the
	// type is not exported (etcd's store behind the KV interface).
	machines, outside map[*types.Named]bool
}

func (c *config) run(pass *analysis.Pass) (any, error) {
	fns := pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA).SrcFuncs
	ch := &checker{
		pass:     pass,
		cfg:      c,
		out:      suppress.For(pass, "snapshotguard"),
		src:      report.New(pass),
		tab:      pass.ResultOf[access.Analyzer].(*access.Table),
		funcs:    fns,
		byObj:    make(map[*types.Func]*ssa.Function),
		roles:    make(map[*ssa.Function]role),
		machines: make(map[*types.Named]bool),
		outside:  make(map[*types.Named]bool),
	}
	for _, fn := range fns {
		if obj, ok := fn.Object().(*types.Func); ok {
			ch.byObj[obj] = fn
		}
	}
	ch.findRoles()
	ch.check()
	return nil, nil
}
