package kompat.modules.springscheduler;

import kompat.starter.BizSpringApplication;

import org.springframework.beans.factory.support.BeanDefinitionBuilder;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * A module whose periodic work runs on a Spring-managed ThreadPoolTaskScheduler: closing the
 * context (what the base does on uninstall) destroys the scheduler bean and its thread ends. It
 * has no stop hook of its own.
 */
public class Main {
    public static void main(String[] args) {
        BizSpringApplication.run(ctx -> {
            ctx.registerBeanDefinition("scheduler", BeanDefinitionBuilder.genericBeanDefinition(ThreadPoolTaskScheduler.class)
                    .addPropertyValue("poolSize", 1)
                    .addPropertyValue("threadNamePrefix", "spring-scheduler-")
                    .getBeanDefinition());
            ctx.registerBeanDefinition("ticker", BeanDefinitionBuilder.genericBeanDefinition(Ticker.class)
                    .addConstructorArgReference("scheduler")
                    .setInitMethodName("start")
                    .getBeanDefinition());
        });
    }
}
