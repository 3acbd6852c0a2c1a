package org.rasterhub.core.emd;

import java.util.ArrayList;
import java.util.List;

/** Paths as a model definition writes them (".\\model.pb", "sub/x.onnx"), resolved inside its package. */
public final class EmdPaths {
    private EmdPaths() {
    }

    /**
     * The package entry name that {@code relative}, written in the .emd at {@code emdPath}, refers to:
     * either separator, "." segments dropped, ".." never leaving the package root.
     */
    public static String resolveBeside(String emdPath, String relative) {
        String folder = emdPath.contains("/") ? emdPath.substring(0, emdPath.lastIndexOf('/') + 1) : "";
        List<String> parts = new ArrayList<>(List.of(folder.isEmpty() ? new String[0] : folder.split("/")));
        for (String segment : relative.replace('\\', '/').split("/")) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                if (!parts.isEmpty()) {
                    parts.remove(parts.size() - 1);
                }
                continue;
            }
            parts.add(segment);
        }
        return String.join("/", parts);
    }
}
