package kompat.modules.springexecutorleak;

import kompat.starter.BizSpringApplication;

import org.springframework.beans.factory.support.BeanDefinitionBuilder;

/**
 * A Spring module whose poller bean makes its own executor by hand: the context close on uninstall
 * has nothing to shut down (no destroy method), so the thread keeps running and holds the module.
 */
public class Main {
    public static void main(String[] args) {
        BizSpringApplication.run(ctx -> ctx.registerBeanDefinition("poller",
                BeanDefinitionBuilder.genericBeanDefinition(Poller.class).setInitMethodName("start").getBeanDefinition()));
    }
}
