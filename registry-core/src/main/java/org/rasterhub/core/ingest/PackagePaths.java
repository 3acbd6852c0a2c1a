package org.rasterhub.core.ingest;

import java.util.ArrayList;
import java.util.List;

/** Paths that a model definition writes (".\\model.pb", "sub/x.onnx") resolved inside the package. */
final class PackagePaths {
    private PackagePaths() {
    }

    /** "." or ".\\" : arcgis.learn writes this when ModelFiles lists the real files. */
    static boolean isCurrentFolder(String path) {
        String p = path.replace('\\', '/').strip();
        return p.equals(".") || p.equals("./") || p.isEmpty();
    }

    /** The entry name that {@code relative}, written in the .emd at {@code emdPath}, refers to. */
    static String resolveBeside(String emdPath, String relative) {
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

    static String list(PackageContents contents) {
        List<String> names = contents.entries().stream().limit(10).map(PackageEntry::path).toList();
        int more = contents.entries().size() - names.size();
        return String.join(", ", names) + (more > 0 ? " and " + more + " more" : "");
    }
}
