// Package adapters knows the Koupleless adapter catalog, reads what a project really depends on and
// tells which adapters a base lacks, which findings an adapter fixes and what a module should not ship.
package adapters
