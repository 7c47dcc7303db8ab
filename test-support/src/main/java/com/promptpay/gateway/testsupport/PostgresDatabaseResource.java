package com.promptpay.gateway.testsupport;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Points a Quarkus test at a fresh database on the real PostgreSQL server: one per test JVM (so per
 * module and run), named after the {@code database} init argument, dropped at exit.
 */
public class PostgresDatabaseResource implements QuarkusTestResourceLifecycleManager {

    private String prefix = "gateway";

    @Override
    public void init(Map<String, String> initArgs) {
        prefix = initArgs.getOrDefault("database", prefix);
    }

    @Override
    public Map<String, String> start() {
        return database(prefix).quarkusConfig();
    }

    @Override
    public void stop() {
        // Reused by every Quarkus application this JVM starts; dropped by the shutdown hook.
    }

    public static PostgresTestDatabase database(String prefix) {
        String name = JvmWide.once("promptpay.test.database." + prefix, () -> {
            PostgresTestDatabase created = PostgresTestDatabase.create(prefix);
            Runtime.getRuntime().addShutdownHook(new Thread(created::close, "postgres-test-database-cleanup"));
            return created.name();
        });
        return PostgresTestDatabase.existing(name);
    }
}
