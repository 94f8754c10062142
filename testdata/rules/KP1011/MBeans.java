package fixtures;

import java.lang.management.ManagementFactory;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

public class MBeans {
    static final String DOMAIN = "com.acme";
    private static final ObjectName STATS;

    static {
        ObjectName n = null;
        try {
            n = new ObjectName("com.acme:type=Stats");
        } catch (MalformedObjectNameException e) {
            throw new IllegalStateException(e);
        }
        STATS = n;
    }

    void register(Object bean, String appName) throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        server.registerMBean(bean, new ObjectName("com.acme:type=Cache")); // want "MBean registered under the constant ObjectName \"com.acme:type=Cache\""
        ObjectName pool = new ObjectName("com.acme:type=Pool,name=main");
        server.registerMBean(bean, pool); // want "constant ObjectName \"com.acme:type=Pool,name=main\""
        ManagementFactory.getPlatformMBeanServer().registerMBean(bean, ObjectName.getInstance("com.acme", "type", "Queue")); // want "constant ObjectName \"com.acme:type=Queue\""
        server.registerMBean(bean, STATS); // want "constant ObjectName \"com.acme:type=Stats\""
        server.registerMBean(bean, new ObjectName(DOMAIN + ":type=Folded")); // want "constant ObjectName \"com.acme:type=Folded\""

        server.registerMBean(bean, new ObjectName("com.acme:type=Cache,app=" + appName)); // ok: the fix, an app-unique key
        server.registerMBean(bean, ObjectName.getInstance(appName, "type", "Cache")); // ok: the domain is the app name
        if (!server.isRegistered(new ObjectName("com.acme:type=Other"))) { // ok: not a registration
            server.unregisterMBean(STATS); // ok
        }
    }
}
