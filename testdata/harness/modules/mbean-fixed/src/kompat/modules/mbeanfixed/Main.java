package kompat.modules.mbeanfixed;

import java.lang.management.ManagementFactory;
import javax.management.ObjectName;

/** Fixed twin of mbean-leak: close() unregisters the MBean. */
public class Main implements AutoCloseable {
    private final ObjectName name;

    public Main() throws Exception {
        name = new ObjectName("kompat.modules:type=Counter,module=mbean-fixed");
        ManagementFactory.getPlatformMBeanServer().registerMBean(new Counter(), name);
    }

    @Override
    public void close() throws Exception {
        ManagementFactory.getPlatformMBeanServer().unregisterMBean(name);
    }
}
