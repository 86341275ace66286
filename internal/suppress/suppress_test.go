package suppress

import (
	"slices"
	"testing"
)

func TestParse(t *testing.T) {
	tests := []struct {
		text    string
		ok      bool
		linters []string
	}{
		{"//nolint", true, nil},
		{"//nolint // closed by the pool", true, nil},
		{"//nolint:closecheck", true, []string{"closecheck"}},
		{"//nolint:errcheck,closecheck // why", true, []string{"errcheck", "closecheck"}},
		{"//nolint:leaklint", true, []string{"leaklint"}},
		{"//nolintfoo", false, nil},
		{"//nolint:", false, nil},
		{"//lint:ignore closecheck the pool closes it", true, []string{"closecheck"}},
		{"//lint:ignore closecheck", false, nil}, // a reason is required
		{"// nolint", false, nil},                // not a directive: a space after //
		{"// just a comment", false, nil},
	}
	for _, tt := range tests {
		linters, ok := parse(tt.text)
		if ok != tt.ok || !slices.Equal(linters, tt.linters) {
			t.Errorf("parse(%q) = %q, %v; want %q, %v", tt.text, linters, ok, tt.linters, tt.ok)
		}
	}
}

func TestSpanCovers(t *testing.T) {
	every := span{}
	if !every.covers("closecheck") {
		t.Error("a bare //nolint must cover every pass")
	}
	named := span{linters: []string{"errcheck"}}
	if named.covers("closecheck") {
		t.Error("//nolint:errcheck must not cover closecheck")
	}
	for _, l := range []string{"closecheck", "leaklint", "all"} {
		if !(span{linters: []string{l}}).covers("closecheck") {
			t.Errorf("//nolint:%s must cover closecheck", l)
		}
	}
}
