package com.example.orders.service;

import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

@Component
public class PriceCache {
    // Reflection cache shared by every caller; nothing ever evicts a class.
    private static final Map<Class<?>, Method[]> ACCESSORS = new ConcurrentHashMap<>();

    // kompat:ignore KP1001 -- read only for a metrics gauge; a stale value is harmless
    private static long lookups;

    private static BigDecimal lastRate = BigDecimal.ONE;

    public BigDecimal adjust(BigDecimal amount) {
        lookups++;
        lastRate = new BigDecimal("1.2");
        return amount.multiply(lastRate);
    }

    public static Method[] accessors(Class<?> type) {
        return ACCESSORS.computeIfAbsent(type, Class::getMethods);
    }
}
