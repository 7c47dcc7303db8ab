package com.promptpay.gateway.testsupport;

import java.util.function.Supplier;

/**
 * State shared by every Quarkus application a test JVM starts. Each application (one per test profile)
 * has its own class loader, so static fields would start a second broker or database; System
 * properties are the one place all class loaders see.
 */
final class JvmWide {

    private JvmWide() {
    }

    static String once(String key, Supplier<String> create) {
        synchronized (System.getProperties()) {
            String value = System.getProperty(key);
            if (value == null) {
                value = create.get();
                System.setProperty(key, value);
            }
            return value;
        }
    }
}
