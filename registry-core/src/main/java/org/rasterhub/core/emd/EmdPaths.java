package org.rasterhub.core.emd;

import java.util.ArrayList;
import java.util.List;

/** Paths as a model definition writes them (".\\model.pb", "sub/x.onnx"), resolved inside its package. */
public final class EmdPaths {
    private EmdPaths() {
    }

    /**
     * Whether {@code relative}, written in the .emd at {@code emdPath}, names something outside the
     * package: an absolute path (either separator, or a drive letter) or ".." above the package root.
     */
    public static boolean leavesPackage(String emdPath, String relative) {
        String path = relative.replace('\\', '/');
        if (path.startsWith("/") || path.length() > 1 && path.charAt(1) == ':') {
            return true;
        }
        String folder = emdPath.contains("/") ? emdPath.substring(0, emdPath.lastIndexOf('/')) : "";
        int depth = folder.isEmpty() ? 0 : folder.split("/").length;
        for (String segment : path.split("/")) {
            if (segment.equals("..")) {
                if (--depth < 0) {
                    return true;
                }
            } else if (!segment.isEmpty() && !segment.equals(".")) {
                depth++;
            }
        }
        return false;
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
