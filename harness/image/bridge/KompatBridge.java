import java.io.InputStream;
import java.io.OutputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Forwards TCP connections that reach the container's own (non-loopback) addresses on a port to
 * 127.0.0.1 on the same port, for bases that bind their arklet server to loopback only. It runs as
 * a separate JVM next to the base (exec'd into the container), so it adds no thread to the base.
 */
public final class KompatBridge {
    public static void main(String[] args) throws Exception {
        List<Thread> acceptors = new ArrayList<>();
        for (String a : args) {
            int port = Integer.parseInt(a);
            for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (ni.isLoopback() || !ni.isUp()) {
                    continue;
                }
                for (InetAddress addr : Collections.list(ni.getInetAddresses())) {
                    if (!(addr instanceof Inet4Address)) {
                        continue;
                    }
                    ServerSocket ss = new ServerSocket();
                    try {
                        ss.bind(new InetSocketAddress(addr, port), 64);
                    } catch (java.io.IOException e) {
                        // The base listens on every address itself: nothing to bridge.
                        System.err.println("[kompat-bridge] " + addr.getHostAddress() + ":" + port + ": " + e.getMessage());
                        ss.close();
                        continue;
                    }
                    Thread t = new Thread(() -> accept(ss, port), "bridge-" + port);
                    t.start();
                    acceptors.add(t);
                }
            }
        }
        for (Thread t : acceptors) {
            t.join();
        }
    }

    static void accept(ServerSocket ss, int port) {
        while (true) {
            try {
                Socket in = ss.accept();
                Socket out;
                try {
                    out = new Socket(InetAddress.getLoopbackAddress(), port);
                } catch (java.io.IOException e) {
                    in.close();
                    continue;
                }
                java.util.concurrent.atomic.AtomicInteger open = new java.util.concurrent.atomic.AtomicInteger(2);
                pump(in, out, open);
                pump(out, in, open);
            } catch (java.io.IOException e) {
                return;
            }
        }
    }

    static void pump(Socket from, Socket to, java.util.concurrent.atomic.AtomicInteger open) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[16384];
            try {
                InputStream is = from.getInputStream();
                OutputStream os = to.getOutputStream();
                for (int n; (n = is.read(buf)) >= 0; ) {
                    os.write(buf, 0, n);
                    os.flush();
                }
                to.shutdownOutput();
            } catch (java.io.IOException e) {
                closeQuietly(from); // the other side went away: end both directions
                closeQuietly(to);
            } finally {
                if (open.decrementAndGet() == 0) {
                    closeQuietly(from);
                    closeQuietly(to);
                }
            }
        });
        t.setDaemon(true);
        t.start();
    }

    static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (java.io.IOException ignored) {
            // nothing to do
        }
    }
}
