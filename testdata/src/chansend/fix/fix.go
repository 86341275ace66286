// Package fix checks chansend's suggested fix.
package fix

import "context"

func compute() int { return 42 }

func withCtx(ctx context.Context) int {
	done := make(chan int)
	go func() {
		done <- compute() // want `chansend: send on done`
	}()
	select {
	case v := <-done:
		return v
	case <-ctx.Done():
		return 0
	}
}
