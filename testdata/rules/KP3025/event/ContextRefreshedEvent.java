package fixtures.event;

public class ContextRefreshedEvent extends ApplicationEvent {
    public ContextRefreshedEvent(Object context) {
        super(context);
    }
}
