package kompat.modules.mbeanleak;

import java.lang.management.ManagementFactory;
import javax.management.ObjectName;

/** Leak: an MBean registered in the platform MBean server and never unregistered (RL-08). */
public class Main {
    public static void main(String[] args) throws Exception {
        ManagementFactory.getPlatformMBeanServer().registerMBean(new Counter(),
                new ObjectName("kompat.modules:type=Counter,module=mbean-leak"));
    }
}
