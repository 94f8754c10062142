package com.example.orders.metrics;

import java.lang.management.ManagementFactory;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.springframework.stereotype.Component;

@Component
public class MetricsRegistrar {
    public interface OrdersStatsMBean {
        long getPlaced();
    }

    public static class OrdersStats implements OrdersStatsMBean {
        public long getPlaced() {
            return 0;
        }
    }

    public MetricsRegistrar() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        server.registerMBean(new OrdersStats(), new ObjectName("orders:type=Stats"));
    }
}
