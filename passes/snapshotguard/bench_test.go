package snapshotguard_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/leaklint/leaklint/internal/benchgen"
	"github.com/leaklint/leaklint/passes/snapshotguard"
)

// The benchmarks run snapshotguard on generated state machines growing
// along one dimension each, for N from 10 to 10,000; eval/exponent.sh
// gives the exponent. Each has exactly one race.
var shapes = []string{"Fields", "Readers", "Helpers"}

const machine = `package gen

import "sync"

type FSM struct {
	mu sync.RWMutex
%s}

`

func source(shape string, n int) string {
	var fields, b strings.Builder
	switch shape {
	case "Fields": // n fields written by Apply and ApplySnapshot, read by Get; one write lacks the lock
		for i := range n {
			fmt.Fprintf(&fields, "\tf%d int\n", i)
		}
		b.WriteString("func (s *FSM) Apply(v int) {\n\ts.mu.Lock()\n\tdefer s.mu.Unlock()\n")
		for i := range n {
			fmt.Fprintf(&b, "\ts.f%d = v\n", i)
		}
		b.WriteString("}\n\nfunc (s *FSM) ApplySnapshot(v int) {\n\ts.f0 = v\n\ts.mu.Lock()\n\tdefer s.mu.Unlock()\n")
		for i := 1; i < n; i++ {
			fmt.Fprintf(&b, "\ts.f%d = v\n", i)
		}
		b.WriteString("}\n\nfunc (s *FSM) Get() (sum int) {\n\ts.mu.RLock()\n\tdefer s.mu.RUnlock()\n")
		for i := range n {
			fmt.Fprintf(&b, "\tsum += s.f%d\n", i)
		}
		b.WriteString("\treturn sum\n}\n")
	case "Readers": // n exported readers, one without the lock
		fields.WriteString("\tstate int\n")
		b.WriteString("func (s *FSM) Apply(v int) {\n\ts.mu.Lock()\n\ts.state = v\n\ts.mu.Unlock()\n}\n\nfunc (s *FSM) ApplySnapshot(v int) { s.Apply(v) }\n\n")
		for i := range n {
			lock, unlock := "\ts.mu.RLock()\n\tdefer s.mu.RUnlock()\n", ""
			if i == n-1 {
				lock = ""
			}
			fmt.Fprintf(&b, "func (s *FSM) Get%d() int {\n%s%s\treturn s.state + %d\n}\n\n", i, lock, unlock, i)
		}
	case "Helpers": // ApplySnapshot reaches the write through n helpers, each also reading
		fields.WriteString("\tstate int\n")
		b.WriteString("func (s *FSM) Apply(v int) {}\n\nfunc (s *FSM) ApplySnapshot(v int) { s.h0(v) }\n\n")
		for i := range n {
			fmt.Fprintf(&fields, "\tg%d int\n", i)
			next := fmt.Sprintf("s.h%d(v + s.g%d)", i+1, i)
			if i == n-1 {
				next = "s.state = v"
			}
			fmt.Fprintf(&b, "func (s *FSM) h%d(v int) { %s }\n\n", i, next)
		}
		b.WriteString("func (s *FSM) State() int { return s.state }\n")
	}
	return fmt.Sprintf(machine, fields.String()) + b.String()
}

func BenchmarkSnapshotGuard(b *testing.B) {
	benchgen.BenchShapes(b, shapes, source, benchgen.OneFinding(snapshotguard.Analyzer))
}

// BenchmarkFloorMachines builds SSA for the same inputs and does nothing
// else.
func BenchmarkFloorMachines(b *testing.B) {
	benchgen.BenchShapes(b, shapes, source, benchgen.Floor)
}

// TestBenchmarkShapes checks that every generated shape has exactly one
// race, so the benchmarks measure a working analysis.
func TestBenchmarkShapes(t *testing.T) {
	benchgen.CheckOwnShapes(t, shapes, source, snapshotguard.Analyzer)
}

// TestDeepWrite: a write reached through a helper, in a writer that
// reads more fields itself than a summary keeps reads for (maxAccesses),
// is still found: reads do not crowd it out.
func TestDeepWrite(t *testing.T) {
	var fields, reads strings.Builder
	for i := range 300 {
		fmt.Fprintf(&fields, "\tg%d int\n", i)
		fmt.Fprintf(&reads, "\tv += s.g%d\n", i)
	}
	src := fmt.Sprintf(machine, fields.String()+"\tstate int\n") +
		"func (s *FSM) Apply(v int) {}\n\nfunc (s *FSM) ApplySnapshot(v int) {\n" + reads.String() + "\ts.set(v)\n}\n\n" +
		"func (s *FSM) set(v int) { s.state = v }\n\nfunc (s *FSM) State() int { return s.state }\n"
	if got := benchgen.Findings(t, snapshotguard.Analyzer, benchgen.Load(t, src)); got != 1 {
		t.Errorf("%d findings, want 1", got)
	}
}
