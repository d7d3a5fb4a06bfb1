package org.octflow.contracts;

/** How every app words an exception for a log line or a health reason: the outer call and its innermost cause. */
public final class Failures {
    private Failures() {
    }

    /** {@code "TimeoutException: ... (cause: UnknownHostException: ...)"}, or just the outer one when it has no cause. */
    public static String rootMessage(Throwable e) {
        Throwable root = root(e);
        String outer = e.getClass().getSimpleName() + ": " + e.getMessage();
        return root == e ? outer : outer + " (cause: " + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
    }

    /** The innermost cause. */
    public static Throwable root(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }
}
