package com.promptpay.gateway.testsupport;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Map;

/**
 * A fresh, empty database on the real PostgreSQL server for one test run, dropped afterwards. The
 * server is the one at 127.0.0.1:$PGPORT, or one deploy/local/postgres/postgres.sh starts when none answers.
 */
public final class PostgresTestDatabase implements AutoCloseable {

    private static final String SCRIPT = "deploy/local/postgres/postgres.sh";

    private final String name;
    private final int port;
    private final String admin;

    private PostgresTestDatabase(String name, int port, String admin) {
        this.name = name;
        this.port = port;
        this.admin = admin;
    }

    /** Creates {@code <prefix>_test_<random>} owned by the admin role. */
    public static PostgresTestDatabase create(String prefix) {
        int port = Integer.parseInt(System.getenv().getOrDefault("PGPORT", "5432"));
        String admin = System.getenv().getOrDefault("PGADMIN_USER", "postgres");
        RepoScripts.run(SCRIPT, Map.of("PGPORT", Integer.toString(port)), "ensure");
        byte[] random = new byte[5];
        new SecureRandom().nextBytes(random);
        String name = prefix + "_test_" + HexFormat.of().formatHex(random);
        PostgresTestDatabase database = new PostgresTestDatabase(name, port, admin);
        database.execute("CREATE DATABASE " + name);
        return database;
    }

    /** A database {@link #create} made earlier in this JVM. */
    public static PostgresTestDatabase existing(String name) {
        int port = Integer.parseInt(System.getenv().getOrDefault("PGPORT", "5432"));
        return new PostgresTestDatabase(name, port, System.getenv().getOrDefault("PGADMIN_USER", "postgres"));
    }

    public String name() {
        return name;
    }

    public String user() {
        return admin;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + name;
    }

    public String reactiveUrl() {
        return "postgresql://127.0.0.1:" + port + "/" + name;
    }

    /** The Quarkus settings that point a service at this database. */
    public Map<String, String> quarkusConfig() {
        return Map.of(
                "quarkus.datasource.reactive.url", reactiveUrl(),
                "quarkus.datasource.jdbc.url", jdbcUrl(),
                "quarkus.datasource.username", admin,
                "quarkus.datasource.password", "");
    }

    @Override
    public void close() {
        execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    private void execute(String sql) {
        String url = "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
        try (Connection connection = DriverManager.getConnection(url, admin, "");
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at 127.0.0.1:" + port + " refused: " + sql, e);
        }
    }
}
