// Package scanner runs a scan: it walks the inputs, builds one ir.File per source or class file
// on a pool of workers, runs the enabled rules, applies suppressions and returns one Report.
package scanner
