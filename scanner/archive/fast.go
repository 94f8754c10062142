package archive

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"

	"github.com/klauspost/compress/flate"
)

// inflate reads a zip entry into out (len(out) is the declared size). The compressed bytes are
// read in one call into a reused buffer and inflated from memory with a reused klauspost
// inflater (about twice as fast as compress/flate on class files, and no per-entry bufio or
// window allocation). The declared size and the CRC-32 are checked, as archive/zip does.
func (w *walker) inflate(f *zip.File, out []byte) error {
	switch f.Method {
	case zip.Store, zip.Deflate:
	default:
		return w.inflateSlow(f, out)
	}
	raw, err := f.OpenRaw()
	if err != nil {
		return err
	}
	if f.Method == zip.Store {
		if f.CompressedSize64 != uint64(len(out)) {
			return fmt.Errorf("stored entry: compressed size %d != size %d", f.CompressedSize64, len(out))
		}
		if _, err := io.ReadFull(raw, out); err != nil {
			return err
		}
	} else {
		if f.CompressedSize64 > uint64(w.lim.MaxEntryBytes) {
			return fmt.Errorf("compressed size %d over the entry limit", f.CompressedSize64)
		}
		n := int(f.CompressedSize64)
		if cap(w.comp) < n {
			w.comp = make([]byte, n, max(n, 64<<10))
		}
		comp := w.comp[:n]
		if _, err := io.ReadFull(raw, comp); err != nil {
			return err
		}
		w.src.Reset(comp)
		if w.fr == nil {
			w.fr = flate.NewReader(&w.src)
		} else if err := w.fr.(flate.Resetter).Reset(&w.src, nil); err != nil {
			return err
		}
		if _, err := io.ReadFull(w.fr, out); err != nil {
			return err
		}
		var one [1]byte
		if k, err := w.fr.Read(one[:]); k > 0 || (err != nil && err != io.EOF) {
			if err == nil {
				err = fmt.Errorf("more data than the declared %d bytes", len(out))
			}
			return err
		}
	}
	if f.CRC32 != 0 || len(out) > 0 {
		if crc32.ChecksumIEEE(out) != f.CRC32 {
			return zip.ErrChecksum
		}
	}
	return nil
}

// inflateSlow handles other compression methods through archive/zip (which refuses unknown ones).
func (w *walker) inflateSlow(f *zip.File, out []byte) error {
	rc, err := f.Open()
	if err != nil {
		return err
	}
	defer rc.Close()
	if _, err := io.ReadFull(rc, out); err != nil {
		return err
	}
	var one [1]byte
	if k, err := rc.Read(one[:]); k > 0 || (err != nil && !errors.Is(err, io.EOF)) {
		if err == nil {
			err = fmt.Errorf("more data than the declared %d bytes", len(out))
		}
		return err
	}
	return nil
}

func readFile(p string, out []byte) error {
	f, err := os.Open(p)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = io.ReadFull(f, out)
	return err
}

var _ io.ByteReader = (*bytes.Reader)(nil) // the inflater reads bytes.Reader without a bufio copy
