package org.rasterhub.core.emd;

/** The files of the package a model definition came in, so the paths it names can be checked. */
public interface PackageFiles {
    /**
     * @param pathFromEmd a path as the .emd writes it: relative to the .emd, either separator,
     *                    possibly starting with ".\\"
     */
    boolean contains(String pathFromEmd);

    /** A short listing of the package's files for messages. */
    String listing();

    /** Whether the path names something outside the package (absolute, or ".." above its root). */
    default boolean leavesPackage(String pathFromEmd) {
        return EmdPaths.leavesPackage("", pathFromEmd);
    }
}
