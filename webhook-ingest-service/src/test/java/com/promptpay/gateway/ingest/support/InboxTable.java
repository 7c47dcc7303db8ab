package com.promptpay.gateway.ingest.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import org.eclipse.microprofile.config.ConfigProvider;

/** The service's own database over plain JDBC, with the settings the running test application uses. */
public final class InboxTable {

    private InboxTable() {
    }

    public static Connection connect() throws SQLException {
        var config = ConfigProvider.getConfig();
        return DriverManager.getConnection(
                config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class),
                config.getOptionalValue("quarkus.datasource.password", String.class).orElse(""));
    }

    public static int rows(String stripeEventId) {
        try (Connection connection = connect();
                PreparedStatement query = connection.prepareStatement(
                        "SELECT count(*) FROM stripe_event_inbox WHERE stripe_event_id = ?")) {
            query.setString(1, stripeEventId);
            try (ResultSet result = query.executeQuery()) {
                result.next();
                return result.getInt(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Backends of this database waiting for a lock right now (a duplicate delivery waiting on a claim). */
    public static int lockWaiters() {
        try (Connection connection = connect();
                PreparedStatement query = connection.prepareStatement("""
                        SELECT count(*) FROM pg_stat_activity
                        WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()
                        """);
                ResultSet result = query.executeQuery()) {
            result.next();
            return result.getInt(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
