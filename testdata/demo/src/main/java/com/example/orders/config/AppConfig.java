package com.example.orders.config;

import java.util.TimeZone;
import javax.annotation.PostConstruct;
import org.springframework.context.annotation.Configuration;

@Configuration
public class AppConfig {
    @PostConstruct
    public void init() {
        // Written when this was a standalone app: the whole JVM was ours.
        System.setProperty("orders.region", "eu-west");
        TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
    }
}
