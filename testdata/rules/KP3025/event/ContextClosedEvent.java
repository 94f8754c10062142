package fixtures.event;

public class ContextClosedEvent extends ApplicationEvent {
    public ContextClosedEvent(Object context) {
        super(context);
    }

    public Object getApplicationContext() {
        return getSource();
    }
}
