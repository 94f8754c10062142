//go:build !linux

package harness

import (
	"errors"
	"runtime"
)

func init() {
	RegisterRuntime("process", func() (Runtime, error) {
		return nil, errors.New("the process runtime needs Linux (process groups, /proc, the HotSpot attach socket); this is " + runtime.GOOS)
	})
}
