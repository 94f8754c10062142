// Package schemacheck validates the JSON documents tests produce (SARIF logs, JSON reports)
// against a JSON Schema file, with format assertions on.
package schemacheck
