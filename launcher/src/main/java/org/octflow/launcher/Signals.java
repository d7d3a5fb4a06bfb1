package org.octflow.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;

/** SIGSTOP and SIGCONT for the faults that freeze a process: it keeps its sockets open but answers nothing. */
final class Signals {
    private Signals() {
    }

    static void stop(long pid) {
        send("-STOP", pid);
    }

    static void resume(long pid) {
        send("-CONT", pid);
    }

    private static void send(String signal, long pid) {
        try {
            Process kill = new ProcessBuilder("kill", signal, Long.toString(pid)).inheritIO().start();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill " + signal + " " + pid + " failed (exit " + kill.exitValue()
                        + "): is the process still there?");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not run kill " + signal + " " + pid + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending " + signal + " to " + pid, e);
        }
    }
}
