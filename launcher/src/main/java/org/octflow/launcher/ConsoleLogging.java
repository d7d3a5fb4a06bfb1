package org.octflow.launcher;

/**
 * What the launcher's own JVM logs to the console (slf4j-simple, read from system properties when the first logger
 * is made, so {@link #configure} runs first in main): warnings and up, Kafka clients' errors only. A level given
 * with -D on the command line wins.
 */
final class ConsoleLogging {
    private static final String PREFIX = "org.slf4j.simpleLogger.";
    /**
     * Kafka's admin client logs an ERROR with a stack trace whenever a ListOffsets finds its metadata missing a topic;
     * the contract's TopicCreator asks exactly that of topics it has just created, to wait for their leaders, and
     * retries. The failure reaches the caller anyway, which says what to do if it lasts: the log line is noise.
     */
    static final String ADMIN_LEADER_LOOKUP = "org.apache.kafka.clients.admin.internals.PartitionLeaderStrategy";

    private ConsoleLogging() {
    }

    static void configure() {
        setUnlessGiven("defaultLogLevel", "warn");
        setUnlessGiven("log.org.apache.kafka", "error");
        setUnlessGiven("log." + ADMIN_LEADER_LOOKUP, "off");
    }

    private static void setUnlessGiven(String key, String level) {
        if (System.getProperty(PREFIX + key) == null) {
            System.setProperty(PREFIX + key, level);
        }
    }
}
