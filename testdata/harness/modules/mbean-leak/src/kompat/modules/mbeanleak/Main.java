package kompat.modules.mbeanleak;

import java.lang.management.ManagementFactory;
import javax.management.ObjectName;

/** Leak: an MBean registered in the platform MBean server that close() never unregisters (RL-08). */
public class Main implements AutoCloseable {
    private final ObjectName name;

    public Main() throws Exception {
        name = new ObjectName("kompat.modules:type=Counter,module=mbean-leak");
        ManagementFactory.getPlatformMBeanServer().registerMBean(new Counter(), name);
    }

    @Override
    public void close() {
        System.out.println("[mbean-leak] closing, " + name + " left registered");
    }
}
