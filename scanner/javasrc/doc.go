// Package javasrc parses Java source files with tree-sitter (once per file, flattened into a Go
// array in one C walk), resolves names, reads suppression comments and lowers the code to ir.File.
package javasrc
