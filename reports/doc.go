// Package reports holds the Report model that every stage fills (findings, notices, rule metadata)
// and one Writer per output format.
package reports
