// Package program computes whole-program facts over everything one scan reads (class hierarchy,
// call graph and per-method summaries solved to a fixed point) from compact per-file summaries,
// so that a file's IR can be dropped as soon as its summary is made.
package program
