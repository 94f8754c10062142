package fixtures;

/** Lazily created singletons: KP1004 judges the creation; KP1001 stays out of it. */
public class LazyStatics {
    private static LazyStatics instance = null; // ok: KP1004 reports the lazy creation

    static LazyStatics shared = null; // want "static field shared is not final and is set lazily in getShared\\(\\) \\(KP1004 judges that creation\\); it is not private"

    static LazyStatics getInstance() {
        if (instance == null) {
            instance = new LazyStatics();
        }
        return instance;
    }

    static void reset() {
        instance = null;
    }

    static LazyStatics getShared() {
        if (shared == null) {
            shared = new LazyStatics();
        }
        return shared;
    }
}
