package main

import (
	"context"
	"fmt"
	"runtime"
)

func init() {
	register(&command{name: "version", summary: "print the version", run: func(_ context.Context, e *env, _ []string) int {
		fmt.Fprintf(e.stdout, "kompat %s (%s, %s/%s)\n", version, runtime.Version(), runtime.GOOS, runtime.GOARCH)
		return exitOK
	}})
}
