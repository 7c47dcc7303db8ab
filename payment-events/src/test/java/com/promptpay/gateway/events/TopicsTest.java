package com.promptpay.gateway.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

class TopicsTest {

    @Test
    void localBrokerCreatesExactlyTheTopicsTheServicesUse() throws IOException {
        Path topicsConf = Path.of("..", "deploy", "local", "kafka", "topics.conf");
        List<String> created = Files.readAllLines(topicsConf).stream()
                .map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .map(line -> line.split("\\s+")[0])
                .toList();
        assertEquals(Topics.ALL, created);
    }
}
