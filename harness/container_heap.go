package harness

import (
	"archive/tar"
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/moby/moby/client"
)

// HeapDump implements HeapDumper: the JVM writes the dump inside the container, and the engine's
// archive endpoint copies it out (no tool needed in the image). The copy inside stays until the
// container is removed.
func (b *containerBase) HeapDump(ctx context.Context) (string, error) {
	inside := fmt.Sprintf("/tmp/kompat-heap-%d.hprof", heapDumpSeq.Add(1))
	if _, err := b.Jcmd(ctx, "GC.heap_dump", inside); err != nil {
		return "", fmt.Errorf("GC.heap_dump: %w", err)
	}
	res, err := b.cli.CopyFromContainer(ctx, b.ctr.GetContainerID(), client.CopyFromContainerOptions{SourcePath: inside})
	if err != nil {
		return "", fmt.Errorf("copy heap dump out of the container: %w", err)
	}
	defer res.Content.Close()
	tr := tar.NewReader(res.Content)
	if _, err := tr.Next(); err != nil {
		return "", fmt.Errorf("copy heap dump out of the container: %w", err)
	}
	f, err := os.CreateTemp("", "kompat-heap-*.hprof")
	if err != nil {
		return "", fmt.Errorf("copy heap dump out of the container: %w", err)
	}
	_, err = io.Copy(f, tr)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil && !errors.Is(err, io.EOF) {
		return f.Name(), fmt.Errorf("copy heap dump out of the container: %w", err)
	}
	return f.Name(), nil
}
