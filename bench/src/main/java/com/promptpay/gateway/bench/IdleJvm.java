package com.promptpay.gateway.bench;

/** An empty JVM for bench/idle-rss.sh: what the JVM alone costs, under a service's own flags. */
public final class IdleJvm {

    private IdleJvm() {
    }

    public static void main(String[] args) throws InterruptedException {
        Thread.sleep(Long.MAX_VALUE);
    }
}
