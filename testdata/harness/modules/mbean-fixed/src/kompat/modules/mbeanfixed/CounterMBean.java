package kompat.modules.mbeanfixed;

/** Management interface of Counter. */
public interface CounterMBean {
    long getCount();
}
