package org.octflow.gateway.support;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Every log record written while it is open, at any level and from any logger, as text. */
public final class LogCapture implements AutoCloseable {
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            StringBuilder line = new StringBuilder(String.valueOf(record.getMessage())).append(' ')
                    .append(Arrays.toString(record.getParameters()));
            for (Throwable t = record.getThrown(); t != null; t = t.getCause() == t ? null : t.getCause()) {
                line.append(' ').append(t);
            }
            lines.add(line.toString());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    public static LogCapture start() {
        LogCapture capture = new LogCapture();
        capture.handler.setLevel(Level.ALL);
        Logger.getLogger("").addHandler(capture.handler);
        return capture;
    }

    public List<String> lines() {
        return List.copyOf(lines);
    }

    @Override
    public void close() {
        Logger.getLogger("").removeHandler(handler);
    }
}
