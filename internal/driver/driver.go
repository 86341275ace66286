// Package driver is the leaklint command: it reads the configuration,
// builds the passes, loads and analyses the packages, and reports what
// they find as text, JSON or SARIF, optionally only what is new since a
// revision or since a baseline.
//
// Applying fixes (-fix, -diff), profiling flags and the go vet protocol
// are left to x/tools' multichecker, handed the same configured passes.
package driver

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/leaklint/leaklint/internal/config"
	"github.com/leaklint/leaklint/internal/watchdog"
)

// Exit codes.
const (
	ExitClean    = 0 // no findings
	ExitError    = 1 // a package did not load or type-check, or the run failed
	ExitUsage    = 2 // bad flags or configuration
	ExitFindings = 3 // findings
)

// HandOff asks the caller to run x/tools' multichecker with these
// analyzers on these arguments (os.Args[1:]).
type HandOff struct {
	Analyzers []*analysis.Analyzer
	Args      []string
}

// handedOff are the flags only the multichecker knows: fixes, profiles,
// debugging, and go vet's protocol.
var handedOff = []string{"fix", "diff", "cpuprofile", "memprofile", "trace", "debug", "V", "flags"}

// reportFlags change which findings are reported or how; the multichecker
// knows none of them.
var reportFlags = []string{"format", "sarif", "baseline", "write-baseline", "new-from-rev"}

// Main runs the command with args (without the program name), writing
// reports to stdout (JSON, SARIF) and stderr (text, errors). It returns
// the exit code, or a HandOff for the multichecker.
func Main(args []string, stdout, stderr io.Writer) (int, *HandOff) {
	cfgFlag, _ := findFlag(args, "config")
	cfg, err := loadConfig(cfgFlag.value)
	if err != nil {
		fmt.Fprintf(stderr, "leaklint: %v\n", err)
		return ExitUsage, nil
	}
	analyzers := cfg.Analyzers()
	if _, fix := findFlag(args, handedOff...); fix || vetProtocol(args) {
		if f, ok := findFlag(args, reportFlags...); ok {
			fmt.Fprintf(stderr, "leaklint: -%s cannot be combined with -fix, -diff, profiling or go vet\n", f.name)
			return ExitUsage, nil
		}
		return 0, &HandOff{Analyzers: analyzers, Args: dropFlag(args, "config")}
	}
	r := &run{stdout: stdout, stderr: stderr, cfg: cfg}
	patterns, code := r.parseFlags(args, analyzers)
	if code >= 0 {
		return code, nil
	}
	return r.analyze(patterns), nil
}

func loadConfig(path string) (*config.File, error) {
	if path == "" {
		wd, err := os.Getwd()
		if err != nil {
			return nil, err
		}
		if path, err = config.Find(wd); err != nil || path == "" {
			return &config.File{}, err
		}
	}
	return config.Load(path)
}

// run is one standalone run.
type run struct {
	stdout, stderr io.Writer
	cfg            *config.File
	analyzers      []*analysis.Analyzer

	format, sarifFile, baseline, newFromRev, cache string
	writeBaseline, tests                           bool
	contextLines, timing                           int
}

// parseFlags parses args; it returns the package patterns, and an exit
// code >= 0 if the command should stop.
func (r *run) parseFlags(args []string, analyzers []*analysis.Analyzer) ([]string, int) {
	fs := flag.NewFlagSet("leaklint", flag.ContinueOnError)
	fs.SetOutput(r.stderr)
	fs.String("config", "", "configuration `file` (default: .leaklint.yml in the working directory or above)")
	fs.StringVar(&r.format, "format", "text", "output `format`: text (on stderr), json or sarif (on stdout)")
	jsonOut := fs.Bool("json", false, "same as -format=json")
	fs.StringVar(&r.sarifFile, "sarif", "", "also write SARIF 2.1.0 to `file`")
	fs.StringVar(&r.baseline, "baseline", "", "report only findings not in this baseline `file`; written with every current finding if it does not exist")
	fs.BoolVar(&r.writeBaseline, "write-baseline", false, "(re)write the -baseline file with every current finding, and report nothing")
	fs.StringVar(&r.newFromRev, "new-from-rev", "", "report only findings on lines changed since this git `revision` (committed, staged, unstaged or untracked)")
	fs.BoolVar(&r.tests, "test", true, "analyse test files too")
	fs.IntVar(&r.contextLines, "c", -1, "print `N` lines of source around each finding (text format)")
	fs.StringVar(&r.cache, "cache", "auto", "on: keep facts and findings in the cache and read them back; off: analyse in memory; auto: on once the cache `mode` directory exists (a first run creates it)")
	fs.IntVar(&r.timing, "timing", 0, "print the `N` packages analysis took longest on, and each pass's total, on stderr")
	enabled := map[string]*triState{}
	for _, a := range analyzers {
		enabled[a.Name] = new(triState)
		fs.Var(enabled[a.Name], a.Name, "run only the passes named this way; -"+a.Name+"=false turns it off")
		a.Flags.VisitAll(func(f *flag.Flag) {
			fs.Var(f.Value, a.Name+"."+f.Name, f.Usage)
		})
	}
	fs.Usage = func() {
		fmt.Fprintf(r.stderr, "usage: leaklint [flags] packages...\n\nExit codes: 0 no findings, 3 findings, 1 errors, 2 bad usage.\n\nFlags:\n")
		fs.PrintDefaults()
		fmt.Fprintf(r.stderr, "\nAlso -%s, handled by x/tools' multichecker with the same passes.\n", strings.Join(handedOff, ", -"))
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil, ExitClean
		}
		return nil, ExitUsage
	}
	if *jsonOut {
		r.format = "json"
	}
	if !slices.Contains([]string{"text", "json", "sarif"}, r.format) {
		fmt.Fprintf(r.stderr, "leaklint: -format=%s: want text, json or sarif\n", r.format)
		return nil, ExitUsage
	}
	if !slices.Contains([]string{"auto", "on", "off"}, r.cache) {
		fmt.Fprintf(r.stderr, "leaklint: -cache=%s: want auto, on or off\n", r.cache)
		return nil, ExitUsage
	}
	if r.writeBaseline && r.baseline == "" {
		fmt.Fprintln(r.stderr, "leaklint: -write-baseline needs -baseline FILE")
		return nil, ExitUsage
	}
	r.analyzers = selectAnalyzers(analyzers, enabled)
	if fs.NArg() == 0 {
		fmt.Fprintln(r.stderr, "leaklint: no package patterns given (try ./...)")
		return nil, ExitUsage
	}
	return fs.Args(), -1
}

// triState is a pass's on/off flag: unset, true or false.
type triState int

const (
	unset triState = iota
	setTrue
	setFalse
)

func (t *triState) IsBoolFlag() bool { return true }
func (t *triState) String() string {
	return map[triState]string{unset: "", setTrue: "true", setFalse: "false"}[*t]
}

func (t *triState) Set(s string) error {
	switch s {
	case "true", "1", "t", "T", "TRUE", "True":
		*t = setTrue
	case "false", "0", "f", "F", "FALSE", "False":
		*t = setFalse
	default:
		return fmt.Errorf("want true or false")
	}
	return nil
}

// selectAnalyzers applies the on/off flags as the multichecker does: if
// any pass is turned on, only those run; otherwise those turned off don't.
func selectAnalyzers(all []*analysis.Analyzer, enabled map[string]*triState) []*analysis.Analyzer {
	only := false
	for _, t := range enabled {
		only = only || *t == setTrue
	}
	var out []*analysis.Analyzer
	for _, a := range all {
		t := *enabled[a.Name]
		if only && t == setTrue || !only && t != setFalse {
			out = append(out, a)
		}
	}
	return out
}

// version is the module version the binary was built from.
func version() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		return bi.Main.Version
	}
	return "(devel)"
}

// argFlag is one flag among the arguments before the first package
// pattern: args[at] and, for "-name value", args[at+1].
type argFlag struct {
	name, value string
	at, n       int
}

// valueFlags are the flags that take a value, ours and the multichecker's;
// every pass's own flags ("closecheck.release") do too.
var valueFlags = []string{"config", "format", "sarif", "baseline", "new-from-rev", "c", "cache", "timing", "cpuprofile", "memprofile", "trace", "debug"}

// scanFlags reads the leading flags of args without a flag set: the
// command must know some of them (-config, -fix, go vet's) before it can
// build the passes that own the rest.
func scanFlags(args []string) []argFlag {
	var flags []argFlag
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" || a == "-" || !strings.HasPrefix(a, "-") {
			break
		}
		name, value, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		f := argFlag{name: name, value: value, at: i, n: 1}
		if !hasValue && (slices.Contains(valueFlags, name) || strings.Contains(name, ".")) && i+1 < len(args) {
			f.value, f.n = args[i+1], 2
			i++
		}
		flags = append(flags, f)
	}
	return flags
}

// findFlag returns the first of the named flags that args set.
func findFlag(args []string, names ...string) (argFlag, bool) {
	for _, f := range scanFlags(args) {
		if slices.Contains(names, f.name) {
			return f, true
		}
	}
	return argFlag{}, false
}

// dropFlag removes -name and its value from args.
func dropFlag(args []string, name string) []string {
	f, ok := findFlag(args, name)
	if !ok {
		return args
	}
	return slices.Delete(slices.Clone(args), f.at, f.at+f.n)
}

// vetProtocol reports a run by go vet: asked for its version or flags, or
// given a .cfg file.
func vetProtocol(args []string) bool {
	_, asked := findFlag(args, "V", "flags")
	return asked || len(args) > 0 && strings.HasSuffix(args[len(args)-1], ".cfg")
}

// analyze runs the passes on the packages and reports.
func (r *run) analyze(patterns []string) int {
	watchdog.Reset()
	cached, err := r.useCache()
	var findings []*Finding
	var loadErrors []string
	if err == nil && cached {
		findings, loadErrors, err = r.runPasses(patterns)
	} else if err == nil {
		findings, loadErrors, err = r.runInMemory(patterns)
	}
	if err != nil {
		fmt.Fprintf(r.stderr, "leaklint: %v\n", err)
		return ExitError
	}
	code := ExitClean
	for _, e := range loadErrors {
		fmt.Fprintln(r.stderr, e)
		code = ExitError
	}
	n, err := r.report(collect(findings))
	if err != nil {
		fmt.Fprintf(r.stderr, "leaklint: %v\n", err)
		return ExitError
	}
	if code == ExitClean && n > 0 {
		code = ExitFindings
	}
	return code
}
