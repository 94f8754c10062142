// Package checks holds the Go logic of the rules that a declarative match block cannot express,
// one file per rule; each registers itself with rules.Register in init.
package checks
