package com.example.paubox.brokers;

import java.util.Map;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.FanoutExchange;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What the RabbitMQ sink publishes to, declared when the receiver connects (only with
 * {@code SPRING_RABBITMQ_HOST} set): the durable topic exchange {@value #EXCHANGE}, routing key
 * the event's {@code event_name}. A message no queue is bound for is not dropped: the exchange's
 * alternate exchange {@value #UNROUTABLE} keeps it in the durable queue of that name, until a
 * consumer binds its own queue and moves them.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty("spring.rabbitmq.host")
class RabbitMqConfiguration {

    static final String EXCHANGE = "paubox.events";
    static final String UNROUTABLE = "paubox.events.unroutable";

    @Bean
    Declarables pauboxEventsExchange() {
        TopicExchange events = new TopicExchange(EXCHANGE, true, false, Map.of("alternate-exchange", UNROUTABLE));
        FanoutExchange unroutable = new FanoutExchange(UNROUTABLE, true, false);
        Queue kept = new Queue(UNROUTABLE, true);
        return new Declarables(events, unroutable, kept, BindingBuilder.bind(kept).to(unroutable));
    }

    /**
     * Spring Boot's admin, except that an exchange declared otherwise beforehand (by the team
     * that runs the broker) is reported and used as it is, not a reason to refuse the connection.
     */
    @Bean
    AmqpAdmin amqpAdmin(ConnectionFactory connectionFactory) {
        RabbitAdmin admin = new RabbitAdmin(connectionFactory);
        admin.setIgnoreDeclarationExceptions(true);
        return admin;
    }
}
