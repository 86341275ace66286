// Command summarize reads leaklint -json outputs and prints the findings,
// one per line, sorted and deduplicated ("file:line:col: message"), with
// paths relative to the module cache so that runs on different machines
// compare. Load errors are printed to stderr and counted.
//
//	summarize [-trim DIR] out1.json [out2.json ...]
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
)

type diagnostic struct {
	Posn    string `json:"posn"`
	Message string `json:"message"`
}

func main() {
	trim := flag.String("trim", "", "path prefix to remove from positions")
	flag.Parse()
	var lines []string
	errors := 0
	for _, name := range flag.Args() {
		f, err := os.Open(name)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		n, errs, err := read(f, *trim, &lines)
		f.Close()
		if err != nil {
			fmt.Fprintf(os.Stderr, "%s: %v\n", name, err)
			os.Exit(1)
		}
		errors += errs
		_ = n
	}
	slices.Sort(lines)
	lines = slices.Compact(lines)
	w := bufio.NewWriter(os.Stdout)
	defer w.Flush()
	for _, l := range lines {
		fmt.Fprintln(w, l)
	}
	if errors > 0 {
		fmt.Fprintf(os.Stderr, "%d package errors\n", errors)
	}
}

// read decodes the stream of JSON objects the multichecker prints:
// {"pkg": {"analyzer": [diagnostics] or {"error": ...}}}.
func read(r io.Reader, trim string, lines *[]string) (int, int, error) {
	dec := json.NewDecoder(r)
	n, errs := 0, 0
	for {
		var tree map[string]map[string]json.RawMessage
		if err := dec.Decode(&tree); err == io.EOF {
			return n, errs, nil
		} else if err != nil {
			return n, errs, err
		}
		for pkg, byAnalyzer := range tree {
			for analyzer, raw := range byAnalyzer {
				var diags []diagnostic
				if err := json.Unmarshal(raw, &diags); err != nil {
					var e struct{ Error string }
					if json.Unmarshal(raw, &e) == nil && e.Error != "" {
						errs++
						fmt.Fprintf(os.Stderr, "%s: %s: %s\n", pkg, analyzer, e.Error)
					}
					continue
				}
				for _, d := range diags {
					posn := strings.TrimPrefix(d.Posn, trim)
					*lines = append(*lines, posn+": "+d.Message)
					n++
				}
			}
		}
	}
}
