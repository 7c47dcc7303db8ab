package com.promptpay.gateway.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.promptpay.gateway.events.Topics;

/**
 * The fault tests that come later stop and kill the broker under load; this proves the scripts are
 * fit for it: a producer (acks=all, idempotent) and a consumer keep running across a broker restart
 * that happens while messages are being sent, and every message is acknowledged and consumed.
 */
class KafkaBrokerRestartTest {

    private static final int MESSAGES = 300;
    private static final int SENT_BEFORE_RESTART = 100;

    enum Outage {
        GRACEFUL_STOP(KafkaBroker::stop),
        SIGKILL(KafkaBroker::kill);

        final Consumer<KafkaBroker> takeDown;

        Outage(Consumer<KafkaBroker> takeDown) {
            this.takeDown = takeDown;
        }
    }

    @ParameterizedTest
    @EnumSource(Outage.class)
    void producerAndConsumerLoseNothingAcrossABrokerRestart(Outage outage) throws Exception {
        try (KafkaBroker broker = KafkaBroker.startIn(Path.of("target", "restart-broker-" + outage));
                KafkaProducer<String, String> producer = producer(broker)) {
            Set<String> consumed = ConcurrentHashMap.newKeySet();
            AtomicBoolean consuming = new AtomicBoolean(true);
            CountDownLatch allConsumed = new CountDownLatch(1);
            Thread consumer = new Thread(() -> consume(broker, outage, consumed, consuming, allConsumed));
            consumer.start();

            List<Future<RecordMetadata>> acks = java.util.Collections.synchronizedList(new ArrayList<>());
            Thread sender = new Thread(() -> send(producer, acks));
            sender.start();
            waitUntilAcknowledged(acks, SENT_BEFORE_RESTART);
            outage.takeDown.accept(broker); // sends go on meanwhile, buffered or blocked in the producer
            broker.start();
            sender.join(180_000);
            assertEquals(MESSAGES, acks.size(), "the sender did not finish");
            for (Future<RecordMetadata> ack : acks) {
                ack.get(120, TimeUnit.SECONDS); // every send acknowledged by the broker
            }

            boolean complete = allConsumed.await(90, TimeUnit.SECONDS);
            consuming.set(false);
            consumer.join(10_000);
            assertTrue(complete, "consumed " + consumed.size() + " of " + MESSAGES + " after the restart");
            assertEquals(MESSAGES, consumed.size());
        }
    }

    private static void send(KafkaProducer<String, String> producer, List<Future<RecordMetadata>> acks) {
        for (int i = 0; i < MESSAGES; i++) {
            String id = "msg-" + i;
            acks.add(producer.send(new ProducerRecord<>(Topics.PAYMENT_INTENTS, id, id)));
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void waitUntilAcknowledged(List<Future<RecordMetadata>> acks, int count) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (acks.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        for (Future<RecordMetadata> ack : new ArrayList<>(acks.subList(0, count))) {
            ack.get(60, TimeUnit.SECONDS);
        }
    }

    private static KafkaProducer<String, String> producer(KafkaBroker broker) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                // send() waits for metadata while the broker is away; let it wait out a restart
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 120_000),
                new StringSerializer(), new StringSerializer());
    }

    private static void consume(KafkaBroker broker, Outage outage, Set<String> consumed, AtomicBoolean consuming,
            CountDownLatch allConsumed) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "restart-test-" + outage,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(Topics.PAYMENT_INTENTS));
            while (consuming.get()) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    consumed.add(record.value());
                }
                if (consumed.size() == MESSAGES) {
                    allConsumed.countDown();
                }
                try {
                    consumer.commitSync(Duration.ofSeconds(5));
                } catch (RuntimeException brokerAway) {
                    // expected while the broker is down; the next poll reconnects
                }
            }
        }
    }
}
