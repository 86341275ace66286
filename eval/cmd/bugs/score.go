package main

import (
	"fmt"
	"io"
	"regexp"
	"sort"
	"strings"
)

// verdict is what one side of a row came to.
type verdict string

const (
	caught      verdict = "caught"      // bug, pre tree: a finding of the pass in the ranges
	missed      verdict = "missed"      // bug, pre tree: none
	silent      verdict = "silent"      // fix tree, or either side of a nonleak pair: nothing in the ranges
	flagged     verdict = "flagged"     // a finding where there must be none
	unavailable verdict = "unavailable" // tree missing, does not load, or timed out
)

// sideResult is one tree of one row, judged.
type sideResult struct {
	side     string // pre or fix
	verdict  verdict
	problem  string
	inRange  []finding
	outside  []finding
	seconds  float64
	analysed bool
}

type rowResult struct {
	row      row
	pre, fix sideResult
}

// judge applies the rules of FORMAT.md to one side's outcome.
func judge(r row, side string, o outcome) sideResult {
	ranges, mustFind := r.fixLines, false
	if side == "pre" {
		ranges, mustFind = r.preLines, r.kind == "bug"
	}
	res := sideResult{side: side, problem: o.Problem, seconds: o.Seconds}
	for _, f := range o.Findings {
		counts := r.kind == "nonleak" || f.Pass == r.pass
		if counts && f.in(ranges) {
			res.inRange = append(res.inRange, f)
		} else {
			res.outside = append(res.outside, f)
		}
	}
	switch {
	case mustFind && len(res.inRange) > 0:
		res.verdict = caught // even from a partial run: the finding is there
	case !o.usable():
		res.verdict = unavailable
	case mustFind:
		res.verdict = missed
	case len(res.inRange) > 0:
		res.verdict = flagged
	default:
		res.verdict = silent
	}
	return res
}

// tally counts one pass's rows.
type tally struct {
	caught, pre, fixSilent, fix, nonleakSilent, nonleak, unavailable int
}

func (t tally) cells() string {
	return fmt.Sprintf("%s | %s | %s | %d", frac(t.caught, t.pre), frac(t.fixSilent, t.fix),
		frac(t.nonleakSilent, t.nonleak), t.unavailable)
}

func frac(n, d int) string {
	if d == 0 {
		return "–"
	}
	return fmt.Sprintf("%d / %d (%d%%)", n, d, (100*n+d/2)/d)
}

func count(results []rowResult) map[string]*tally {
	ts := map[string]*tally{}
	for _, p := range append(passNames, "all") {
		ts[p] = &tally{}
	}
	for _, rr := range results {
		t := ts[rr.row.pass]
		for _, s := range []sideResult{rr.pre, rr.fix} {
			switch {
			case s.verdict == unavailable:
				t.unavailable++
			case rr.row.kind == "nonleak":
				// a pair counts once, when both sides were analysed
			case s.side == "pre":
				t.pre++
				if s.verdict == caught {
					t.caught++
				}
			default:
				t.fix++
				if s.verdict == silent {
					t.fixSilent++
				}
			}
		}
		if rr.row.kind == "nonleak" && rr.pre.verdict != unavailable && rr.fix.verdict != unavailable {
			t.nonleak++
			if rr.pre.verdict == silent && rr.fix.verdict == silent {
				t.nonleakSilent++
			}
		}
	}
	return ts
}

// writeReport writes the summary table, every row's verdicts, the trees
// that could not be analysed, and every finding outside the expected
// lines (for eval/triage.md).
func writeReport(w io.Writer, header string, results []rowResult) {
	fmt.Fprintf(w, "%s\n\n", header)
	fmt.Fprintln(w, "| pass | caught pre-fix | silent on the fix | non-leak pairs silent | trees unavailable |")
	fmt.Fprintln(w, "| --- | --- | --- | --- | ---: |")
	ts := count(results)
	total := tally{}
	for _, p := range append(passNames, "all") {
		t := ts[p]
		total = tally{total.caught + t.caught, total.pre + t.pre, total.fixSilent + t.fixSilent, total.fix + t.fix,
			total.nonleakSilent + t.nonleakSilent, total.nonleak + t.nonleak, total.unavailable + t.unavailable}
		if *t != (tally{}) {
			fmt.Fprintf(w, "| %s | %s |\n", p, t.cells())
		}
	}
	fmt.Fprintf(w, "| **total** | %s |\n\n", total.cells())
	fmt.Fprintln(w, "## Rows\n\n| id | pass | kind | pre | fix | seconds (pre, fix) |\n| --- | --- | --- | --- | --- | --- |")
	for _, rr := range results {
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %.0f, %.0f |\n", rr.row.id, rr.row.pass, rr.row.kind,
			rr.pre.verdict, rr.fix.verdict, rr.pre.seconds, rr.fix.seconds)
	}
	writeProblems(w, results)
	writeFlagged(w, results)
	writeOutside(w, results)
}

func writeProblems(w io.Writer, results []rowResult) {
	fmt.Fprint(w, "\n## Trees not analysed\n\n")
	n := 0
	for _, rr := range results {
		for _, s := range []sideResult{rr.pre, rr.fix} {
			if s.verdict == unavailable {
				fmt.Fprintf(w, "- %s (%s): %s\n", rr.row.id, s.side, s.problem)
				n++
			}
		}
	}
	if n == 0 {
		fmt.Fprintln(w, "None.")
	}
}

func writeFlagged(w io.Writer, results []rowResult) {
	fmt.Fprint(w, "\n## Findings where the tree must be silent\n\n")
	n := 0
	for _, rr := range results {
		for _, s := range []sideResult{rr.pre, rr.fix} {
			if s.verdict != flagged {
				continue
			}
			for _, f := range s.inRange {
				fmt.Fprintf(w, "- %s (%s): %s:%d: %s\n", rr.row.id, s.side, f.File, f.Line, f.Message)
				n++
			}
		}
	}
	if n == 0 {
		fmt.Fprintln(w, "None.")
	}
}

var goPos = regexp.MustCompile(`\.go:\d+`)

// writeOutside lists each finding outside the rows' ranges once per
// repository, file and message (line numbers in the message aside), with
// the rows and sides it was seen in.
func writeOutside(w io.Writer, results []rowResult) {
	type key struct{ repo, pass, file, msg string }
	seen := map[key][]string{}
	first := map[key]finding{}
	var order []key
	for _, rr := range results {
		for _, s := range []sideResult{rr.pre, rr.fix} {
			for _, f := range s.outside {
				k := key{rr.row.repo, f.Pass, f.File, goPos.ReplaceAllString(f.Message, ".go:N")}
				if _, ok := seen[k]; !ok {
					order = append(order, k)
					first[k] = f
				}
				tag := rr.row.id + " " + s.side
				if len(seen[k]) == 0 || seen[k][len(seen[k])-1] != tag {
					seen[k] = append(seen[k], tag)
				}
			}
		}
	}
	sort.SliceStable(order, func(i, j int) bool { return order[i].repo < order[j].repo })
	fmt.Fprintf(w, "\n## Findings outside the expected lines (%d)\n\n", len(order))
	for _, k := range order {
		f := first[k]
		fmt.Fprintf(w, "- %s %s:%d %s: %s [%s]\n", k.repo, f.File, f.Line, f.Pass, f.Message, strings.Join(seen[k], ", "))
	}
}
