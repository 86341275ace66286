// Package config reads .leaklint.yml, the configuration file of the
// leaklint command, and builds the passes it describes.
//
//	passes:                  # every pass is on unless turned off here
//	  chansend: false
//	exclude:
//	  paths: [internal/gen/**, "**/*_mock.go"]   # relative to this file
//	  packages: [example.com/svc/legacy/...]
//	closecheck:              # closecheck.Config, by its json names
//	  release-methods: [Close, Stop]
//	  types:
//	    - {type: example.com/db.Txn, release: [Commit, Rollback]}
//	deferrelease:
//	  pairs:
//	    - {acquire: "(*example.com/pool.Arena).Alloc", release: Free}
//	snapshotguard:
//	  funcs: [Reload]
//
// A key the file may not have, a value of the wrong type, or a value a
// pass rejects is an error that names the file, the line and the key.
package config

import (
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
	"golang.org/x/tools/go/analysis"

	"github.com/leaklint/leaklint/internal/report"
	"github.com/leaklint/leaklint/passes/chansend"
	"github.com/leaklint/leaklint/passes/closecheck"
	"github.com/leaklint/leaklint/passes/deferrelease"
	"github.com/leaklint/leaklint/passes/snapshotguard"
)

// Names are the file names looked for, in order.
var Names = []string{".leaklint.yml", ".leaklint.yaml"}

// File is a configuration: the defaults, or what a file says.
type File struct {
	// Path is the file read; empty for the defaults.
	Path string
	// Passes turns passes off (false) or on; a pass not named is on.
	Passes  map[string]bool
	Exclude Exclude

	Closecheck    closecheck.Config
	Deferrelease  deferrelease.Config
	Chansend      chansend.Config
	Snapshotguard snapshotguard.Config
}

// Exclude lists where findings are not reported.
type Exclude struct {
	// Paths are slash-separated globs of files, relative to the
	// configuration file's directory; "**" matches any number of
	// directories.
	Paths []string `json:"paths"`
	// Packages are import paths; "p/..." also matches every package
	// below p. A package's tests count as the package.
	Packages []string `json:"packages"`
}

// Find walks up from dir to the file system's root and returns the first
// configuration file it meets, or "" if there is none.
func Find(dir string) (string, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for {
		for _, name := range Names {
			p := filepath.Join(dir, name)
			if st, err := os.Stat(p); err == nil && !st.IsDir() {
				return p, nil
			}
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", nil
		}
		dir = parent
	}
}

// Load reads the configuration file at path.
func Load(path string) (*File, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	f, err := Parse(data)
	if err != nil {
		return nil, fmt.Errorf("%s:%w", path, err)
	}
	f.Path = abs
	return f, nil
}

// passDefs are the passes, in the order the command runs them.
var passDefs = []struct {
	name  string
	cfg   func(*File) any // the pass's Config inside File
	build func(*File) *analysis.Analyzer
}{
	{"closecheck", func(f *File) any { return &f.Closecheck }, func(f *File) *analysis.Analyzer { return closecheck.New(f.Closecheck) }},
	{"deferrelease", func(f *File) any { return &f.Deferrelease }, func(f *File) *analysis.Analyzer { return deferrelease.New(f.Deferrelease) }},
	{"chansend", func(f *File) any { return &f.Chansend }, func(f *File) *analysis.Analyzer { return chansend.New(f.Chansend) }},
	{"snapshotguard", func(f *File) any { return &f.Snapshotguard }, func(f *File) *analysis.Analyzer { return snapshotguard.New(f.Snapshotguard) }},
}

// PassNames are the names of every pass.
func PassNames() []string {
	var names []string
	for _, d := range passDefs {
		names = append(names, d.name)
	}
	return names
}

// Parse parses a configuration file's contents. Errors start with a line
// number, "3: closecheck.types: ...", for Load to put the file before.
func Parse(data []byte) (*File, error) {
	f := &File{}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, yamlError(err)
	}
	if len(doc.Content) == 0 {
		return f, nil // an empty file: the defaults
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, nodeError(root, "", "want a mapping of settings")
	}
	known := append([]string{"passes", "exclude"}, PassNames()...)
	for key, val := range pairs(root) {
		var err error
		switch key.Value {
		case "passes":
			err = f.parsePasses(val)
		case "exclude":
			err = decode(val, "exclude", reflect.ValueOf(&f.Exclude).Elem())
			if err == nil {
				err = f.Exclude.validate(val)
			}
		default:
			i := slices.Index(PassNames(), key.Value)
			if i < 0 {
				return nil, nodeError(key, "", fmt.Sprintf("unknown key %q (known: %s)", key.Value, strings.Join(known, ", ")))
			}
			err = parsePass(val, key.Value, passDefs[i].cfg(f))
		}
		if err != nil {
			return nil, err
		}
	}
	return f, nil
}

// pairs iterates over a mapping node's keys and values.
func pairs(m *yaml.Node) func(yield func(k, v *yaml.Node) bool) {
	return func(yield func(k, v *yaml.Node) bool) {
		for i := 0; i+1 < len(m.Content); i += 2 {
			if !yield(m.Content[i], m.Content[i+1]) {
				return
			}
		}
	}
}

func (f *File) parsePasses(val *yaml.Node) error {
	if val.Kind != yaml.MappingNode {
		return nodeError(val, "passes", "want a mapping of pass names to true or false, got "+kindName(val))
	}
	f.Passes = map[string]bool{}
	for key, on := range pairs(val) {
		if !slices.Contains(PassNames(), key.Value) {
			return nodeError(key, "passes", fmt.Sprintf("unknown pass %q (passes: %s)", key.Value, strings.Join(PassNames(), ", ")))
		}
		var b bool
		if err := decode(on, "passes."+key.Value, reflect.ValueOf(&b).Elem()); err != nil {
			return err
		}
		f.Passes[key.Value] = b
	}
	return nil
}

// parsePass decodes a pass's settings into cfg, a pointer to its Config,
// by the json names of its fields, then has the pass validate them.
func parsePass(val *yaml.Node, name string, cfg any) error {
	if err := decode(val, name, reflect.ValueOf(cfg).Elem()); err != nil {
		return err
	}
	v, ok := cfg.(interface{ Validate() error })
	if !ok {
		return nil
	}
	err := v.Validate()
	var fe *report.FieldError
	if errors.As(err, &fe) {
		return nodeError(lookup(val, fe.Key), name+"."+indexes.ReplaceAllString(fe.Key, "[$1]"), fe.Err.Error())
	}
	return err
}

// indexes are the list indexes in a FieldError's key: "types.1".
var indexes = regexp.MustCompile(`\.(\d+)\b`)

// jsonFields maps the json names of a struct's fields to the fields.
func jsonFields(t reflect.Type) map[string]string {
	fields := map[string]string{}
	for f := range t.Fields() {
		if name, _, _ := strings.Cut(f.Tag.Get("json"), ","); name != "" && name != "-" {
			fields[name] = f.Name
		}
	}
	return fields
}

// decode decodes val into v: a struct field by field, by the fields'
// json names, strictly (an unknown key is an error); a list of structs
// item by item; anything else as yaml decodes it, with yaml's type errors
// turned into one that names the key and says what was wanted.
func decode(val *yaml.Node, where string, v reflect.Value) error {
	if val.Kind == yaml.ScalarNode && val.Tag == "!!null" {
		return nil // "closecheck:" with nothing under it
	}
	switch {
	case v.Kind() == reflect.Struct:
		return decodeStruct(val, where, v)
	case v.Kind() == reflect.Slice && v.Type().Elem().Kind() == reflect.Struct:
		if val.Kind != yaml.SequenceNode {
			return nodeError(val, where, "want a list, got "+kindName(val))
		}
		items := reflect.MakeSlice(v.Type(), len(val.Content), len(val.Content))
		for i, item := range val.Content {
			if err := decode(item, fmt.Sprintf("%s[%d]", where, i), items.Index(i)); err != nil {
				return err
			}
		}
		v.Set(items)
		return nil
	}
	if err := val.Decode(v.Addr().Interface()); err != nil {
		return nodeError(val, where, fmt.Sprintf("want %s, got %s", typeName(v.Type()), kindName(val)))
	}
	return nil
}

func decodeStruct(val *yaml.Node, where string, v reflect.Value) error {
	if val.Kind != yaml.MappingNode {
		return nodeError(val, where, "want a mapping of settings, got "+kindName(val))
	}
	fields := jsonFields(v.Type())
	for key, item := range pairs(val) {
		field, ok := fields[key.Value]
		if !ok {
			return nodeError(key, where, unknownKey(key.Value, where, fields))
		}
		if err := decode(item, where+"."+key.Value, v.FieldByName(field)); err != nil {
			return err
		}
	}
	return nil
}

func unknownKey(key, where string, fields map[string]string) string {
	known := slices.Sorted(maps.Keys(fields))
	if len(known) == 0 {
		return fmt.Sprintf("unknown key %q (%s has no settings)", key, where)
	}
	return fmt.Sprintf("unknown key %q (known: %s)", key, strings.Join(known, ", "))
}

func typeName(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Struct:
		return "a mapping of settings"
	case reflect.Slice:
		return "a list of " + strings.TrimPrefix(typeName(t.Elem()), "a ") + "s"
	case reflect.Map:
		return "a mapping to " + typeName(t.Elem())
	case reflect.Bool:
		return "true or false"
	}
	return "a " + t.Kind().String()
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	}
	return fmt.Sprintf("%s %q", strings.TrimPrefix(n.Tag, "!!"), n.Value)
}

// lookup finds the node a pass's FieldError key names inside the pass's
// mapping ("release-methods", "types.1": the second item of types), or
// the nearest node above it that exists.
func lookup(val *yaml.Node, key string) *yaml.Node {
	head, rest, more := strings.Cut(key, ".")
	var next *yaml.Node
	switch val.Kind {
	case yaml.MappingNode:
		for k, v := range pairs(val) {
			if k.Value == head {
				if !more {
					return k
				}
				next = v
			}
		}
	case yaml.SequenceNode:
		if i, err := strconv.Atoi(head); err == nil && i >= 0 && i < len(val.Content) {
			next = val.Content[i]
			if !more {
				return next
			}
		}
	}
	if next == nil {
		return val
	}
	return lookup(next, rest)
}

// nodeError is an error at n's line about the setting where.
func nodeError(n *yaml.Node, where, msg string) error {
	if where != "" {
		msg = where + ": " + msg
	}
	return fmt.Errorf("%d: %s", n.Line, msg)
}

// yamlError strips yaml's "yaml: line N:" into our "N:" form.
func yamlError(err error) error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		return errors.New(rest)
	}
	return fmt.Errorf("1: %s", msg)
}

// Enabled reports whether the named pass runs.
func (f *File) Enabled(name string) bool {
	on, set := f.Passes[name]
	return !set || on
}

// Analyzers builds the passes the configuration turns on, each from its
// settings, filtered by the exclusions.
func (f *File) Analyzers() []*analysis.Analyzer {
	ex := f.excluder()
	var as []*analysis.Analyzer
	for _, d := range passDefs {
		if f.Enabled(d.name) {
			as = append(as, ex.wrap(d.build(f)))
		}
	}
	return as
}
