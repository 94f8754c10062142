package kompat.modules.mbeanleak;

/** Management interface of Counter. */
public interface CounterMBean {
    long getCount();
}
