package golangci_test

import (
	"strings"
	"testing"

	"github.com/golangci/plugin-module-register/register"

	_ "github.com/leaklint/leaklint/golangci"
)

// TestPlugins builds every pass from golangci-lint's settings, as
// golangci-lint does: a map decoded from its YAML, or nil without one.
func TestPlugins(t *testing.T) {
	for name, raw := range map[string]any{
		"closecheck":    map[string]any{"release-methods": []any{"Close", "Stop"}, "types": []any{map[string]any{"type": "example.com/db.Txn", "release": []any{"Commit", "Rollback"}}}},
		"deferrelease":  map[string]any{"pairs": []any{map[string]any{"acquire": "(*example.com/pool.Arena).Alloc", "release": "Free"}}},
		"chansend":      nil,
		"snapshotguard": map[string]any{"funcs": []any{"Reload"}},
	} {
		newPlugin, err := register.GetPlugin(name)
		if err != nil {
			t.Fatal(err)
		}
		p, err := newPlugin(raw)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		as, err := p.BuildAnalyzers()
		if err != nil || len(as) != 1 || as[0].Name != name {
			t.Errorf("%s: analyzers %v, %v; want one named %s", name, as, err, name)
		}
		if p.GetLoadMode() != register.LoadModeTypesInfo {
			t.Errorf("%s: load mode %q", name, p.GetLoadMode())
		}
	}
}

// TestBadSettings: a key a pass does not know, or a value it rejects, is
// an error that names the pass and the key.
func TestBadSettings(t *testing.T) {
	for _, c := range []struct {
		name string
		raw  any
		want string
	}{
		{"closecheck", map[string]any{"release": []any{"Stop"}}, `unknown field "release"`},
		{"closecheck", map[string]any{"release-methods": "Close"}, "release-methods"},
		{"closecheck", map[string]any{"release-methods": []any{"Close()"}}, "release-methods: not a method name"},
		{"deferrelease", map[string]any{"pairs": []any{map[string]any{"acquire": "Alloc", "release": "Free"}}}, "pairs.0: not a pair"},
		{"closecheck", map[string]any{"types": []any{map[string]any{"type": "example.com/db.Txn", "methods": []any{"Commit"}}}}, `unknown field "methods"`},
		{"chansend", map[string]any{"buffer": 1}, `unknown field "buffer"`},
		{"snapshotguard", map[string]any{"funcs": []any{"a.b.c.d"}}, "funcs: not a function name"},
	} {
		newPlugin, err := register.GetPlugin(c.name)
		if err != nil {
			t.Fatal(err)
		}
		_, err = newPlugin(c.raw)
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), c.name) {
			t.Errorf("%s %v: error %v, want one naming %s and %q", c.name, c.raw, err, c.name, c.want)
		}
	}
}
