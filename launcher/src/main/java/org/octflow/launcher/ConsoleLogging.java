package org.octflow.launcher;

/**
 * What the launcher's own JVM logs to the console (slf4j-simple, read from system properties when the first logger
 * is made, so {@link #configure} runs first in main): warnings and up, Kafka clients' errors only. A level given
 * with -D on the command line wins.
 */
final class ConsoleLogging {
    private static final String PREFIX = "org.slf4j.simpleLogger.";
    private ConsoleLogging() {
    }

    static void configure() {
        setUnlessGiven("defaultLogLevel", "warn");
        setUnlessGiven("log.org.apache.kafka", "error");
    }

    private static void setUnlessGiven(String key, String level) {
        if (System.getProperty(PREFIX + key) == null) {
            System.setProperty(PREFIX + key, level);
        }
    }
}
