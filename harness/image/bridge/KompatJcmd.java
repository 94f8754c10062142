import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.DataOutputStream;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;

import com.sun.tools.attach.VirtualMachine;

/**
 * A jcmd that stays: attaches once to the JVM whose pid is the argument, then reads one diagnostic
 * command per line on stdin and answers each with a frame on stdout: a 4-byte status (0 ok), a
 * 4-byte length and the command's output. It saves a JVM start per probe. Run it with
 * --add-exports jdk.attach/sun.tools.attach=ALL-UNNAMED (executeJCmd is not public API).
 */
public final class KompatJcmd {
    public static void main(String[] args) throws Exception {
        VirtualMachine vm = VirtualMachine.attach(args[0]);
        Method exec = vm.getClass().getMethod("executeJCmd", String.class);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(System.out, 1 << 16));
        try {
            for (String line; (line = in.readLine()) != null; ) {
                int status = 0;
                byte[] res;
                try (InputStream is = (InputStream) exec.invoke(vm, line)) {
                    // Not readAllBytes: the attach stream answers a zero-length read with EOF.
                    java.io.ByteArrayOutputStream bos = new java.io.ByteArrayOutputStream();
                    byte[] b = new byte[8192];
                    for (int n; (n = is.read(b)) > 0; ) {
                        bos.write(b, 0, n);
                    }
                    res = bos.toByteArray();
                } catch (InvocationTargetException e) {
                    status = 1;
                    res = String.valueOf(e.getCause()).getBytes(StandardCharsets.UTF_8);
                } catch (Exception e) {
                    status = 1;
                    res = e.toString().getBytes(StandardCharsets.UTF_8);
                }
                out.writeInt(status);
                out.writeInt(res.length);
                out.write(res);
                out.flush();
            }
        } finally {
            vm.detach();
        }
    }
}
