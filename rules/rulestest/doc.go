// Package rulestest runs every rule's `// want "regexp"` fixtures under testdata/rules/<ID>/
// through the source frontend and, for rules that support it, the bytecode frontend.
package rulestest
