package org.rasterhub.portal.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Server folders an administrator opened to runs ({@code RASTERHUB_IMAGERY_FOLDERS="name=/path;…"}):
 * large imagery is registered where it lies instead of being uploaded. A user names a file by
 * folder name and a path inside it; nothing outside the folders can be named, whatever the path
 * says ({@code ..}, absolute paths, symbolic links out of the folder).
 */
public final class ImageryFolders {
    private final Map<String, Path> folders;

    private ImageryFolders(Map<String, Path> folders) {
        this.folders = Collections.unmodifiableMap(folders);
    }

    public static ImageryFolders none() {
        return new ImageryFolders(Map.of());
    }

    /**
     * Parses {@code name=/absolute/path} entries separated by {@code ;}.
     *
     * @throws IllegalArgumentException for an entry without a name or an absolute path to an
     *     existing folder, or a name used twice: a portal must not start half-configured
     */
    public static ImageryFolders parse(String setting) {
        Map<String, Path> folders = new LinkedHashMap<>();
        if (setting == null || setting.isBlank()) {
            return new ImageryFolders(folders);
        }
        for (String entry : setting.split(";")) {
            if (entry.isBlank()) {
                continue;
            }
            int equals = entry.indexOf('=');
            String name = equals < 0 ? "" : entry.substring(0, equals).trim();
            String path = equals < 0 ? entry.trim() : entry.substring(equals + 1).trim();
            if (!name.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")) {
                throw new IllegalArgumentException("imagery folder entry \"" + entry + "\" needs a name of letters, "
                        + "digits, '.', '_' or '-' before '=': name=/absolute/path");
            }
            Path folder = Path.of(path);
            if (!folder.isAbsolute() || !Files.isDirectory(folder)) {
                throw new IllegalArgumentException("imagery folder \"" + name + "\": " + path
                        + " is not an absolute path of an existing folder");
            }
            if (folders.put(name, folder.normalize()) != null) {
                throw new IllegalArgumentException("imagery folder name \"" + name + "\" is used twice");
            }
        }
        return new ImageryFolders(folders);
    }

    public List<String> names() {
        return List.copyOf(folders.keySet());
    }

    /**
     * The real file that {@code relativePath} names inside the folder.
     *
     * @throws ServerFileException when the folder is not registered, or the path leaves it, is
     *     absolute, or names no regular file
     */
    public Path resolve(String folderName, String relativePath) throws ServerFileException {
        Path folder = folder(folderName);
        if (relativePath == null || relativePath.isBlank()) {
            throw new ServerFileException(folderName, relativePath, "no path given");
        }
        Path relative = Path.of(relativePath.replace('\\', '/'));
        if (relative.isAbsolute() || relativePath.startsWith("/") || relative.normalize().startsWith("..")) {
            throw new ServerFileException(folderName, relativePath, "must be a path inside the folder");
        }
        Path file = folder.resolve(relative).normalize();
        try {
            // Real paths settle symbolic links: a link inside the folder may not lead out of it.
            Path real = file.toRealPath();
            if (!real.startsWith(folder.toRealPath())) {
                throw new ServerFileException(folderName, relativePath, "leads outside the folder");
            }
            if (!Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
                throw new ServerFileException(folderName, relativePath, "is not a file");
            }
            return real;
        } catch (IOException e) {
            throw new ServerFileException(folderName, relativePath, "no such file");
        }
    }

    /** Files and folders directly inside {@code relativePath} of the folder (folders end in "/"). */
    public List<String> list(String folderName, String relativePath) throws ServerFileException {
        Path folder = folder(folderName);
        Path dir = relativePath == null || relativePath.isBlank() ? folder
                : folder.resolve(Path.of(relativePath.replace('\\', '/'))).normalize();
        try {
            if (!dir.toRealPath().startsWith(folder.toRealPath())) {
                throw new ServerFileException(folderName, relativePath, "leads outside the folder");
            }
            List<String> entries = new ArrayList<>();
            try (Stream<Path> children = Files.list(dir)) {
                children.sorted().limit(1000).forEach(child -> entries.add(folder.relativize(child).toString()
                        .replace('\\', '/') + (Files.isDirectory(child) ? "/" : "")));
            }
            return entries;
        } catch (IOException e) {
            throw new ServerFileException(folderName, relativePath, "no such folder");
        }
    }

    private Path folder(String name) throws ServerFileException {
        return Optional.ofNullable(name == null ? null : folders.get(name)).orElseThrow(() ->
                new ServerFileException(name, null, "no imagery folder has this name; registered: "
                        + (folders.isEmpty() ? "none (an administrator sets RASTERHUB_IMAGERY_FOLDERS)"
                        : String.join(", ", folders.keySet()))));
    }
}
