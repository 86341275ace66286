package chansend_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/leaklint/leaklint/internal/benchgen"
	"github.com/leaklint/leaklint/passes/chansend"
)

// The benchmarks run chansend on generated packages of goroutines sending
// results, growing along one dimension each, for N from 10 to 10,000;
// eval/exponent.sh gives the exponent. Each package leaks one sender.

const prelude = `package gen

func compute(i int) int { return i }

`

// source generates a shape: the receive is missing on exactly one path.
func source(shape string, n int) string {
	var b strings.Builder
	b.WriteString(prelude)
	switch shape {
	case "Sequential": // n senders received in turn; the last path returns early
		b.WriteString("func f(stop bool) int {\n\tsum := 0\n")
		for i := range n {
			fmt.Fprintf(&b, "\tc%d := make(chan int)\n\tgo func() { c%d <- compute(%d) }()\n", i, i, i)
			if i == n-1 {
				b.WriteString("\tif stop {\n\t\treturn sum\n\t}\n")
			}
			fmt.Fprintf(&b, "\tsum += <-c%d\n", i)
		}
		b.WriteString("\treturn sum\n}\n")
	case "Nested": // n branches receive and return; the fall-through does not
		b.WriteString("func f(v []bool) int {\n\tc := make(chan int)\n\tgo func() { c <- compute(0) }()\n")
		for i := range n {
			fmt.Fprintf(&b, "\tif v[%d] {\n\t\treturn <-c\n\t}\n", i)
		}
		b.WriteString("\treturn 0\n}\n")
	case "LoopExits": // a sender per iteration; n exits receive, one does not
		b.WriteString("func f(xs []int) int {\n\tsum := 0\nloop:\n\tfor _, x := range xs {\n\t\tc := make(chan int)\n\t\tgo func() { c <- compute(x) }()\n\t\tswitch x {\n")
		exits := []string{"continue", "break loop", "return sum"}
		for i := range n {
			fmt.Fprintf(&b, "\t\tcase %d:\n\t\t\tsum += <-c\n\t\t\t%s\n", i, exits[i%3])
		}
		b.WriteString("\t\tcase -1:\n\t\t\treturn sum\n\t\t}\n\t\tsum += <-c\n\t}\n\treturn sum\n}\n")
	case "Functions": // n functions with a sender each; one channel has no room
		for i := range n {
			size := ", 1"
			if i == 0 {
				size = ""
			}
			fmt.Fprintf(&b, "func f%d(stop bool) int {\n\tc := make(chan int%s)\n\tgo func() { c <- compute(%d) }()\n\tif stop {\n\t\treturn 0\n\t}\n\treturn <-c\n}\n", i, size, i)
		}
	}
	return b.String()
}

// sendShapes grow the send checks: n sends in one block of a method, one
// of them under the lock its receiver takes (LockedSends); n sends in a
// loop that selects on a stop channel, one of them on a channel the
// function does not own (SignalLoop).
var sendShapes = []string{"LockedSends", "SignalLoop"}

func sendSource(shape string, n int) string {
	var b strings.Builder
	b.WriteString("package gen\n\nimport \"sync\"\n\ntype hub struct {\n\tmu      sync.Mutex\n\tn       int\n\tout     chan int\n\treplies chan int\n}\n\n")
	b.WriteString("func (h *hub) run() {\n\tfor {\n\t\th.mu.Lock()\n\t\th.n++\n\t\th.mu.Unlock()\n\t\t<-h.out\n\t}\n}\n\n")
	switch shape {
	case "LockedSends":
		b.WriteString("func (h *hub) publish() {\n")
		for i := range n {
			fmt.Fprintf(&b, "\th.mu.Lock()\n\th.n += %d\n\th.mu.Unlock()\n\th.out <- %d\n", i, i)
		}
		b.WriteString("\th.mu.Lock()\n\th.out <- -1\n\th.mu.Unlock()\n}\n")
	case "SignalLoop":
		b.WriteString("func (h *hub) pump(in chan int, stop chan struct{}) {\n\tlocal := make(chan int, 1)\n\tfor {\n\t\tselect {\n\t\tcase v := <-in:\n\t\t\tswitch v {\n")
		for i := range n {
			fmt.Fprintf(&b, "\t\t\tcase %d:\n\t\t\t\tlocal <- v\n\t\t\t\t<-local\n", i)
		}
		b.WriteString("\t\t\tdefault:\n\t\t\t\th.replies <- v\n\t\t\t}\n\t\tcase <-stop:\n\t\t\treturn\n\t\t}\n\t}\n}\n")
	}
	return b.String()
}

func BenchmarkChanSendSends(b *testing.B) {
	benchgen.BenchShapes(b, sendShapes, sendSource, benchgen.OneFinding(chansend.Analyzer))
}

// BenchmarkFloorSends builds SSA for the send shapes and does nothing else.
func BenchmarkFloorSends(b *testing.B) {
	benchgen.BenchShapes(b, sendShapes, sendSource, benchgen.Floor)
}

func BenchmarkChanSend(b *testing.B) {
	benchgen.Bench(b, source, benchgen.OneFinding(chansend.Analyzer))
}

// BenchmarkFloor builds SSA for the same inputs and does nothing else.
func BenchmarkFloor(b *testing.B) { benchgen.Bench(b, source, benchgen.Floor) }

// TestBenchmarkShapes checks that every generated shape leaks exactly
// once, so the benchmarks measure a working analysis.
func TestBenchmarkShapes(t *testing.T) {
	benchgen.CheckShapes(t, source, chansend.Analyzer)
	benchgen.CheckOwnShapes(t, sendShapes, sendSource, chansend.Analyzer)
}
