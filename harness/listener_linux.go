package harness

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// listenerInodes returns the socket inodes listening on TCP port (any address, IPv4 or IPv6),
// from /proc/net/tcp and /proc/net/tcp6.
func listenerInodes(port int) map[string]bool {
	out := map[string]bool{}
	hexPort := fmt.Sprintf(":%04X", port)
	for _, f := range []string{"/proc/net/tcp", "/proc/net/tcp6"} {
		fh, err := os.Open(f)
		if err != nil {
			continue
		}
		sc := bufio.NewScanner(fh)
		for sc.Scan() {
			// sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
			fl := strings.Fields(sc.Text())
			if len(fl) < 10 || fl[3] != "0A" || !strings.HasSuffix(fl[1], hexPort) {
				continue
			}
			out[fl[9]] = true
		}
		fh.Close()
	}
	return out
}

// listenerOwner names the process that listens on TCP port: ours is true when it is a member of
// process group pgid. pid is 0 when no process could be seen holding the socket (another user's,
// or the socket is gone).
func listenerOwner(port, pgid int) (pid int, ours bool) {
	inodes := listenerInodes(port)
	if len(inodes) == 0 {
		return 0, false
	}
	holds := func(p int) bool {
		fds, err := os.ReadDir(filepath.Join("/proc", strconv.Itoa(p), "fd"))
		if err != nil {
			return false
		}
		for _, fd := range fds {
			l, err := os.Readlink(filepath.Join("/proc", strconv.Itoa(p), "fd", fd.Name()))
			if err == nil && strings.HasPrefix(l, "socket:[") && inodes[strings.TrimSuffix(strings.TrimPrefix(l, "socket:["), "]")] {
				return true
			}
		}
		return false
	}
	for _, p := range groupMembers(pgid) {
		if holds(p) {
			return p, true
		}
	}
	ents, _ := os.ReadDir("/proc")
	for _, e := range ents {
		if p, err := strconv.Atoi(e.Name()); err == nil && holds(p) {
			return p, false
		}
	}
	return 0, false
}
