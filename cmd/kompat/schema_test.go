package main

import (
	"testing"

	"github.com/kompat/kompat/internal/schemacheck"
)

// checkSARIF validates a SARIF log the tests produced against the official SARIF 2.1.0 schema.
func checkSARIF(t *testing.T, data []byte) {
	t.Helper()
	if err := schemacheck.Validate("../../testdata/schema/sarif-schema-2.1.0.json", data); err != nil {
		t.Errorf("SARIF is not valid: %v", err)
	}
}

// checkReportJSON validates a JSON report against the published schema (docs/report.schema.json).
func checkReportJSON(t *testing.T, data []byte) {
	t.Helper()
	if err := schemacheck.Validate("../../docs/report.schema.json", data); err != nil {
		t.Errorf("JSON report is not valid: %v", err)
	}
}
