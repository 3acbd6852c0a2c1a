package org.rasterhub.core.ingest;

import java.util.ArrayList;
import java.util.List;
import org.rasterhub.core.emd.PackageFiles;

/** Paths that a model definition writes (".\\model.pb", "sub/x.onnx") resolved inside the package. */
final class PackagePaths {
    private PackagePaths() {
    }

    /** The package's files as seen from its .emd. */
    static PackageFiles besideModelDefinition(PackageContents contents) {
        return new PackageFiles() {
            @Override
            public boolean contains(String pathFromEmd) {
                return contents.entry(resolveBeside(contents.emdPath(), pathFromEmd)).isPresent();
            }

            @Override
            public String listing() {
                return list(contents);
            }
        };
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
