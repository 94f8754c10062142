package kompat.modules.mbeanfixed;

import java.lang.management.ManagementFactory;
import javax.management.ObjectName;

/** Fixed twin of mbean-leak: an instance-unique ObjectName, unregistered by close(). */
public class Main implements AutoCloseable {
    private final ObjectName name;

    public Main() throws Exception {
        // A name unique to this instance: a redeploy never collides with a copy that is still registered.
        name = new ObjectName("kompat.modules:type=Counter,module=mbean-fixed,instance="
                + Integer.toHexString(System.identityHashCode(this)));
        ManagementFactory.getPlatformMBeanServer().registerMBean(new Counter(), name);
    }

    @Override
    public void close() throws Exception {
        ManagementFactory.getPlatformMBeanServer().unregisterMBean(name);
    }
}
