package fixtures.event;

public abstract class ApplicationEvent {
    private final Object source;

    protected ApplicationEvent(Object source) {
        this.source = source;
    }

    public Object getSource() {
        return source;
    }
}
