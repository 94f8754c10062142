package harness

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
)

// HeapDump implements HeapDumper: the base writes the dump into the base's work dir, which is
// on this machine.
func (b *processBase) HeapDump(ctx context.Context) (string, error) {
	file := filepath.Join(b.workDir, fmt.Sprintf("heap-%d.hprof", heapDumpSeq.Add(1)))
	out, err := b.Jcmd(ctx, "GC.heap_dump", file)
	if err != nil {
		return file, fmt.Errorf("GC.heap_dump: %w", err)
	}
	if _, serr := os.Stat(file); serr != nil {
		return "", fmt.Errorf("GC.heap_dump wrote no file: %s", firstLines(out, 2))
	}
	return file, nil
}
