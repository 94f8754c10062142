package scanner

import (
	"context"

	"github.com/kompat/kompat/reports"
	"github.com/kompat/kompat/rules"
)

type bytecodeResult struct {
	findings []reports.Finding
	notices  []reports.Notice
	bytes    int64
	classes  int
	skipped  bool
}

// scanBytecode is replaced when the bytecode frontend lands.
func scanBytecode(_ context.Context, j job, _ *rules.Engine) bytecodeResult {
	return bytecodeResult{skipped: true, notices: []reports.Notice{{Code: "KP9007", Level: reports.NoticeError, Path: j.path,
		Message: "class files and archives are not supported yet"}}}
}
