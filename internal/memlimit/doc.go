// Package memlimit keeps the Go heap's soft limit a fixed headroom above the live heap, so that the
// collector works harder only when the transient heap nears the headroom, not because the data a
// scan keeps on purpose (the whole-program summaries) grew with the input.
package memlimit
