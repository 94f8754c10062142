package kompat.starter;

import java.util.List;
import java.util.function.Consumer;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.io.support.SpringFactoriesLoader;

/**
 * What SpringApplication.run does for a Spring Boot module, reduced to plain spring-context: create
 * the module's context with the context class loader (the biz loader while the base starts the
 * module), apply every ApplicationContextInitializer listed in META-INF/spring.factories (this is
 * how Koupleless's initializer sees the context), register the module's beans and refresh.
 */
public final class BizSpringApplication {
    private BizSpringApplication() {
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    public static GenericApplicationContext run(Consumer<GenericApplicationContext> beans) {
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        GenericApplicationContext ctx = new GenericApplicationContext();
        ctx.setClassLoader(cl);
        List<ApplicationContextInitializer> inits = SpringFactoriesLoader.loadFactories(ApplicationContextInitializer.class, cl);
        for (ApplicationContextInitializer init : inits) {
            init.initialize((ConfigurableApplicationContext) ctx);
        }
        beans.accept(ctx);
        ctx.refresh();
        return ctx;
    }
}
