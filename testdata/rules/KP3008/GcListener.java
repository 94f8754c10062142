package fixtures;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import javax.management.MBeanServer;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.ObjectName;

public class GcListener implements NotificationListener {
    public void handleNotification(Notification n, Object handback) {
    }

    void bind() {
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) gc).addNotificationListener(this, null, null); // want "NotificationEmitter.addNotificationListener adds a listener to a JVM-wide MBean"
        }
    }

    void bindMemory() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        NotificationEmitter emitter = (NotificationEmitter) memory;
        emitter.addNotificationListener(this, null, "memory"); // want "nothing in the code base removes one"
    }

    void bindServer(ObjectName name) throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        server.addNotificationListener(name, this, null, null); // want "MBeanServer.addNotificationListener"
    }

    long collections() {
        long n = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            n += gc.getCollectionCount(); // ok: reading a counter
        }
        return n;
    }
}
