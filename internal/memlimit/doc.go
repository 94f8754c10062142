// Package memlimit keeps the Go heap's soft limit a fixed headroom above the data a scan keeps
// on purpose (the whole-program summaries), so that the collector works harder only when the
// transient heap nears the headroom, not because the kept data grew with the input.
package memlimit
