package fixtures;

import java.lang.management.ManagementFactory;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

public class Beans {
    public interface StatsMBean {
        int getHits();
    }

    public static class Stats implements StatsMBean {
        public int getHits() {
            return 0;
        }
    }

    void start() throws JMException {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        server.registerMBean(new Stats(), new ObjectName("acme:type=Stats")); // want "MBeanServer.registerMBean registers an MBean in a JVM-wide MBeanServer"
    }

    void startInline() throws JMException {
        ManagementFactory.getPlatformMBeanServer().registerMBean(new Stats(), new ObjectName("acme:type=Stats2")); // want "nothing in the code base unregisters"
    }

    boolean registered() throws JMException {
        return ManagementFactory.getPlatformMBeanServer().isRegistered(new ObjectName("acme:type=Stats")); // ok: a query
    }
}
