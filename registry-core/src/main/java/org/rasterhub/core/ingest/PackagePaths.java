package org.rasterhub.core.ingest;

import java.util.List;
import org.rasterhub.core.emd.EmdPaths;
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

            @Override
            public boolean leavesPackage(String pathFromEmd) {
                return EmdPaths.leavesPackage(contents.emdPath(), pathFromEmd);
            }
        };
    }

    static String resolveBeside(String emdPath, String relative) {
        return EmdPaths.resolveBeside(emdPath, relative);
    }

    static String list(PackageContents contents) {
        List<String> names = contents.entries().stream().limit(10).map(PackageEntry::path).toList();
        int more = contents.entries().size() - names.size();
        return String.join(", ", names) + (more > 0 ? " and " + more + " more" : "");
    }
}
