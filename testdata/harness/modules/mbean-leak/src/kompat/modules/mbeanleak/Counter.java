package kompat.modules.mbeanleak;

import java.util.concurrent.atomic.AtomicLong;

/** A module statistic exported over JMX. */
public class Counter implements CounterMBean {
    final AtomicLong count = new AtomicLong();

    @Override
    public long getCount() {
        return count.get();
    }
}
