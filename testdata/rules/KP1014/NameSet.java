package fixtures;

import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

public class NameSet extends AbstractSet<String> {
    static final NameSet RESERVED = new NameSet();

    private final Map<String, Boolean> map = new ConcurrentHashMap<>();

    @Override
    public Iterator<String> iterator() {
        return map.keySet().iterator();
    }

    @Override
    public int size() {
        return map.size();
    }

    @Override
    public void clear() {
        map.clear(); // ok: the collection's own clear(), not a service's stop
    }
}
