package kompat.starter;

import kompat.refbase.BizRuntimeContextRegistry;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Hands the module's context to the base, keyed by the context's class loader, so the base closes
 * it on uninstall (Koupleless's BizApplicationContextInitializer does the same with its registry).
 */
public class BizContextInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {
    @Override
    public void initialize(ConfigurableApplicationContext ctx) {
        BizRuntimeContextRegistry.setRootApplicationContext(ctx.getClassLoader(), ctx);
    }
}
