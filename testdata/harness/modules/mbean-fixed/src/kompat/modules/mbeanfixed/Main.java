package kompat.modules.mbeanfixed;

import java.lang.management.ManagementFactory;
import javax.management.ObjectName;

/** Fixed twin of mbean-leak: the stop hook unregisters the MBean. */
public class Main {
    static ObjectName name;

    public static void main(String[] args) throws Exception {
        name = new ObjectName("kompat.modules:type=Counter,module=mbean-fixed");
        ManagementFactory.getPlatformMBeanServer().registerMBean(new Counter(), name);
    }

    public static void stop() throws Exception {
        ManagementFactory.getPlatformMBeanServer().unregisterMBean(name);
    }
}
