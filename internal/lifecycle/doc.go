// Package lifecycle is the engine shared by leaklint's resource passes:
// "acquired here, released or handed on along every path to every exit".
//
// It has three parts, each usable on its own:
//
//   - Summaries (summary.go, analyzer.go): per function, which results are
//     freshly made (so the caller owns them), which parameters are only
//     borrowed, passed through to a result, or wrapped in a fresh result.
//     They are computed from SSA once per function and exported as facts,
//     so callers in other packages read them instead of re-analysing.
//   - The use walker (uses.go): from one SSA value, follows its aliases
//     (conversions, phis, local cells, local wrappers, closures) and reports
//     every use that changes ownership: released, handed on, returned.
//   - The flow (flow.go): a forward walk over the CFG from the acquisition,
//     visiting each block at most once per resource, that reports every
//     exit reached while the resource is still held.
//
// Passes say what is acquired and what releases it; the engine says where
// it leaks. Nothing here reports diagnostics.
package lifecycle
