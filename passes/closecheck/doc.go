// Package closecheck defines an Analyzer that reports resources not
// released on every path out of the function that owns them.
//
// # Analyzer closecheck
//
// closecheck: report closable resources not closed on every path
//
// A value is tracked when the function receiving it owns it and its type
// must be released:
//
//   - a *grpc.ClientConn from grpc.NewClient, Dial or DialContext;
//   - a gRPC client stream (ClientConn.NewStream, or a generated client's
//     streaming method); it is released only by cancelling the context it
//     was created with, by receiving until a non-nil error (a Recv loop
//     ending in io.EOF, CloseAndRecv), or by closing its connection.
//     CloseSend does not release it;
//   - any other value with a Close method (or one of the -release methods)
//     that its producer hands over owned: the producer made it freshly
//     (allocated it, or got it owned from another such call) rather than
//     loading it from a field, a global or a parameter. This is inferred
//     per function and exported as a fact, so constructors in other
//     packages and modules are summarized once.
//
// The resource must be closed, or handed on, on every path to every exit:
// returned, stored in a field, map or slice that outlives the function,
// sent on a channel, captured by a goroutine or closure that uses it up,
// passed to a function that keeps or closes it (or to one with no summary,
// such as an interface method). Storing it in a local wrapper that has no
// Close of its own is not a hand-off: the wrapper leaks it.
//
// The error branch of the acquiring call and nil branches carry nothing.
// Calls that never return (panic, log.Fatal, os.Exit, t.Fatal, functions
// inferred not to return) end a path without a leak. A defer releases on
// every path on which it was registered, even if the deferred function
// closes only under a condition.
//
// Each finding names the resource, the call it came from, and one exit
// that leaks it, with the other leaking exits as related information.
// When the resource is never handed on, a suggested fix adds
// `defer x.Close()` after its error check.
//
// Findings are silenced by //nolint, //nolint:closecheck or
// //lint:ignore closecheck <reason>, and are not reported in generated
// files.
package closecheck
