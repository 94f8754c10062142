package com.example.orders.web;

public final class RequestContext {
    private static final ThreadLocal<String> TENANT = new ThreadLocal<>();

    private RequestContext() {
    }

    public static void enter(String tenant) {
        TENANT.set(tenant);
    }

    public static String tenant() {
        return TENANT.get();
    }
}
