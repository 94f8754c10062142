package com.example.orders.service;

import com.example.orders.domain.Order;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;

@Service
public class OrderService {
    private final Map<String, Order> orders = new ConcurrentHashMap<>();
    private final PriceCache prices;

    public OrderService(PriceCache prices) {
        this.prices = prices;
    }

    public Order place(String id, BigDecimal amount) {
        Order order = new Order(id, prices.adjust(amount));
        orders.put(id, order);
        return order;
    }

    public List<Order> all() {
        return orders.values().stream().collect(Collectors.toList());
    }
}
