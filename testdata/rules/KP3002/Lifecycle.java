package fixtures;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

// Stubs of the lifecycle types the uninstall model matches by simple name.
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@interface PreDestroy {
}

@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@interface Bean {
}

interface DisposableBean {
    void destroy() throws Exception;
}

class ApplicationEvent {
}

class ContextClosedEvent extends ApplicationEvent {
}

interface ApplicationListener<E extends ApplicationEvent> {
    void onApplicationEvent(E event);
}
