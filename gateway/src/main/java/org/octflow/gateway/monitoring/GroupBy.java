package org.octflow.gateway.monitoring;

import org.octflow.gateway.query.InvalidQueryException;

import java.util.Locale;

/**
 * How a window is split. Always by model version at least: classes and calibration belong to one version, so an
 * estimate over two versions would mean nothing. SITE and DEVICE split each version further by the scan's metadata.
 */
public enum GroupBy {
    MODEL_VERSION, SITE, DEVICE;

    public static GroupBy parse(String value) {
        if (value == null || value.isBlank()) {
            return MODEL_VERSION;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "modelversion", "model_version", "model" -> MODEL_VERSION;
            case "site" -> SITE;
            case "device" -> DEVICE;
            default -> throw new InvalidQueryException("groupBy '" + value + "' is not known: use modelVersion, site"
                    + " or device");
        };
    }

    /** The key of {@code row}'s group: its model, and its site or device when split by them. */
    GroupKey keyOf(WindowRow row) {
        return new GroupKey(row.modelName(), row.modelVersion(), this == SITE ? row.site() : null,
                this == DEVICE ? row.device() : null);
    }

    record GroupKey(String modelName, String modelVersion, String site, String device) {
    }
}
