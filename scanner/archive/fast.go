package archive

import (
	"archive/zip"
	"io"
	"sync"

	"github.com/klauspost/compress/flate"
)

// The klauspost inflater is about twice as fast as compress/flate on class files; readers are
// pooled because each holds a 32 KiB window.
var inflaters sync.Pool

type pooledInflater struct {
	io.ReadCloser
}

func (p *pooledInflater) Close() error {
	if p.ReadCloser == nil {
		return nil
	}
	err := p.ReadCloser.Close()
	inflaters.Put(p.ReadCloser)
	p.ReadCloser = nil
	return err
}

func newInflater(r io.Reader) io.ReadCloser {
	if fr, ok := inflaters.Get().(io.ReadCloser); ok {
		if err := fr.(flate.Resetter).Reset(r, nil); err == nil {
			return &pooledInflater{fr}
		}
	}
	return &pooledInflater{flate.NewReader(r)}
}

func registerFast(zr *zip.Reader) {
	zr.RegisterDecompressor(zip.Deflate, newInflater)
}
