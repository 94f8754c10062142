package harness

import (
	"context"
	"errors"
	"time"
)

// errExited is what poll returns when the base exited while it waited.
var errExited = errors.New("base exited")

// pollTimeout is what poll returns when the time ran out; Last is the last attempt's error.
type pollTimeout struct{ Last error }

func (e *pollTimeout) Error() string {
	if e.Last == nil {
		return "timed out"
	}
	return "timed out: " + e.Last.Error()
}

func (e *pollTimeout) Unwrap() error { return e.Last }

// poll calls try until it returns nil, waiting every between attempts. It gives up with
// errExited when exited closes (a nil channel never does), with a *pollTimeout once timeout has
// passed, and with ctx's error when ctx ends. The first attempt is made at once.
func poll(ctx context.Context, every, timeout time.Duration, exited <-chan struct{}, try func(context.Context) error) error {
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		last := try(ctx)
		if last == nil {
			return nil
		}
		select {
		case <-exited:
			return errExited
		case <-deadline.C:
			return &pollTimeout{Last: last}
		case <-ctx.Done():
			return ctx.Err()
		case <-tick.C:
		}
	}
}
