package com.example.orders.web;

import com.example.orders.domain.Order;
import com.example.orders.service.OrderService;
import java.math.BigDecimal;
import java.util.concurrent.CompletableFuture;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class OrderController {
    private final OrderService service;

    public OrderController(OrderService service) {
        this.service = service;
    }

    @PostMapping("/orders")
    public CompletableFuture<Order> place(@RequestParam String id, @RequestParam BigDecimal amount) {
        RequestContext.enter("default");
        return CompletableFuture.supplyAsync(() -> service.place(id, amount));
    }
}
