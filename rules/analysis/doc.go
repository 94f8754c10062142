// Package analysis holds the IR helpers that many checks share: the uninstall (destroy) path of a
// class, releases on it, and how static fields are initialized and written.
package analysis
