package senders

import "context"

// The first answer wins, inside a select with ctx.Done(): the losers
// block forever. The finding names the select case that receives
// (a select's case has no position of its own in SSA).
func firstAnswer(ctx context.Context, urls []string, fetch func(string) string) string {
	ch := make(chan string)
	for _, u := range urls {
		go func() { ch <- fetch(u) }() // want `chansend: send on ch \(unbuffered, made at race.go:9\) can block forever: only one value is received \(at race.go:14\) from the goroutines started in a loop at race.go:11; give it a capacity of len\(urls\)`
	}
	select {
	case s := <-ch:
		return s
	case <-ctx.Done():
		return ""
	}
}

// The same race with room for every answer: the losers' sends complete
// and the goroutines end. Not reported.
func firstAnswerBuffered(ctx context.Context, urls []string, fetch func(string) string) string {
	ch := make(chan string, len(urls))
	for _, u := range urls {
		go func() { ch <- fetch(u) }()
	}
	select {
	case s := <-ch:
		return s
	case <-ctx.Done():
		return ""
	}
}

// A fresh channel with room for its one value (future's fix): the send
// completes before anyone receives. Not reported.
func futureBuffered() <-chan int {
	ch := make(chan int, 1)
	ch <- compute()
	return ch
}
