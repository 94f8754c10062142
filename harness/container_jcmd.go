package harness

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"
	"sync"

	"github.com/moby/moby/api/pkg/stdcopy"
	"github.com/moby/moby/client"

	"github.com/kompat/kompat/harness/image"
)

// jcmdSession is a KompatJcmd helper exec'd into the container (images that carry it): one JVM
// attached to the base for the whole run, fed one diagnostic command per line over the exec's
// stdin, answering with frames (status, length, output) on its stdout. It replaces a jcmd JVM
// start per probe; anything wrong with it falls back to `docker exec jcmd`.
type jcmdSession struct {
	conn   client.HijackedResponse
	out    *io.PipeReader
	stderr *lockedBuffer
	mu     sync.Mutex
	dead   error
}

type lockedBuffer struct {
	mu sync.Mutex
	sb strings.Builder
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.sb.Len() < 8<<10 {
		l.sb.Write(p)
	}
	return len(p), nil
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.sb.String()
}

func (b *containerBase) startJcmdSession(ctx context.Context, pid string) (*jcmdSession, error) {
	java := path.Join(path.Dir(b.jcmd), "java")
	ex, err := b.cli.ExecCreate(ctx, b.ctr.GetContainerID(), client.ExecCreateOptions{
		AttachStdin: true, AttachStdout: true, AttachStderr: true,
		Cmd: []string{java, "-XX:-UsePerfData", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx48m",
			"--add-exports", "jdk.attach/sun.tools.attach=ALL-UNNAMED", "-cp", b.helperCP, image.JcmdMain, pid}})
	if err != nil {
		return nil, fmt.Errorf("jcmd helper: %w", err)
	}
	att, err := b.cli.ExecAttach(ctx, ex.ID, client.ExecAttachOptions{})
	if err != nil {
		return nil, fmt.Errorf("jcmd helper: %w", err)
	}
	pr, pw := io.Pipe()
	s := &jcmdSession{conn: att.HijackedResponse, out: pr, stderr: &lockedBuffer{}}
	go func() {
		_, err := stdcopy.StdCopy(pw, s.stderr, att.Reader)
		if err == nil {
			err = io.EOF
		}
		pw.CloseWithError(fmt.Errorf("jcmd helper ended (%w): %s", err, strings.TrimSpace(s.stderr.String())))
	}()
	return s, nil
}

// run sends one command and reads its frame; a failure or a cancelled context kills the session.
func (s *jcmdSession) run(ctx context.Context, line string) (string, int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.dead != nil {
		return "", 0, s.dead
	}
	type answer struct {
		status int
		out    string
		err    error
	}
	ch := make(chan answer, 1)
	go func() {
		if _, err := io.WriteString(s.conn.Conn, line+"\n"); err != nil {
			ch <- answer{err: fmt.Errorf("jcmd helper: send: %w", err)}
			return
		}
		var hdr [8]byte
		if _, err := io.ReadFull(s.out, hdr[:]); err != nil {
			ch <- answer{err: err}
			return
		}
		n := binary.BigEndian.Uint32(hdr[4:])
		if n > 256<<20 {
			ch <- answer{err: fmt.Errorf("jcmd helper: frame of %d bytes", n)}
			return
		}
		buf := make([]byte, n)
		if _, err := io.ReadFull(s.out, buf); err != nil {
			ch <- answer{err: err}
			return
		}
		ch <- answer{status: int(binary.BigEndian.Uint32(hdr[:4])), out: string(buf)}
	}()
	select {
	case a := <-ch:
		if a.err != nil {
			s.kill(a.err)
		}
		return a.out, a.status, a.err
	case <-ctx.Done():
		s.kill(ctx.Err())
		return "", 0, ctx.Err()
	}
}

func (s *jcmdSession) kill(err error) {
	if s.dead == nil {
		s.dead = err
	}
	s.conn.Close()
	s.out.Close()
}

func (s *jcmdSession) close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.kill(errors.New("closed"))
}

// helperJcmd runs a command through the session, starting it on first use. ok is false when the
// helper is not usable (then the caller execs jcmd); after two broken sessions it is not tried again.
func (b *containerBase) helperJcmd(ctx context.Context, pid string, args []string) (out string, ok bool, err error) {
	b.mu.Lock()
	if b.helperCP == "" || b.helperFailures >= 2 {
		b.mu.Unlock()
		return "", false, nil
	}
	s := b.session
	b.mu.Unlock()
	if s == nil {
		if s, err = b.startJcmdSession(ctx, pid); err != nil {
			b.mu.Lock()
			b.helperFailures++
			b.mu.Unlock()
			return "", false, nil
		}
		b.mu.Lock()
		b.session = s
		b.mu.Unlock()
	}
	line := strings.Join(args, " ")
	res, status, err := s.run(ctx, line)
	if err != nil {
		b.mu.Lock()
		b.session = nil
		b.helperFailures++
		b.mu.Unlock()
		if ctx.Err() != nil {
			return "", true, fmt.Errorf("jcmd %s: %w", line, ctx.Err())
		}
		return "", false, nil // broken helper: fall back to exec jcmd
	}
	if status != 0 {
		return res, true, fmt.Errorf("jcmd %s: %s", line, firstLines(res, 3))
	}
	return res, true, nil
}
