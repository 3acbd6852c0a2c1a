package org.rasterhub.core.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.rasterhub.core.emd.ModelDefinitionReader;

/**
 * Reads a package's table of contents from the zip central directory and the bytes of its root
 * {@code .emd}. Nothing is extracted to disk. Stateless and thread-safe.
 */
public final class PackageInspector {
    /** Beyond this an archive is a bomb, not a model package. */
    public static final int MAX_ENTRY_COUNT = 1000;

    /**
     * @param uploadName the name the user gave the upload, used in messages
     * @throws PackageRejectedException if the file is not a zip, or has no single .emd at its root
     */
    public PackageContents inspect(Path packageFile, String uploadName) throws PackageRejectedException {
        try (ZipFile zip = ZipFile.builder().setPath(packageFile).get()) {
            List<PackageEntry> entries = new ArrayList<>();
            List<ZipArchiveEntry> emds = new ArrayList<>();
            for (ZipArchiveEntry entry : Collections.list(zip.getEntries())) {
                if (entries.size() == MAX_ENTRY_COUNT) {
                    throw new PackageRejectedException(RejectionReason.TOO_LARGE, IngestProblem.inFile(uploadName,
                            "more than " + MAX_ENTRY_COUNT + " entries; a model package has a handful"));
                }
                if (entry.isDirectory()) {
                    continue;
                }
                entries.add(new PackageEntry(entry.getName(), entry.getSize(), entry.getCompressedSize()));
                if (isRootModelDefinition(entry.getName())) {
                    emds.add(entry);
                }
            }
            if (emds.isEmpty()) {
                throw new PackageRejectedException(RejectionReason.NO_MODEL_DEFINITION, IngestProblem.inFile(uploadName,
                        "no .emd file at the package root; found " + listed(entries)));
            }
            if (emds.size() > 1) {
                throw new PackageRejectedException(RejectionReason.SEVERAL_MODEL_DEFINITIONS, IngestProblem.inFile(
                        uploadName, "found " + emds.size() + " .emd files at the root ("
                                + String.join(", ", emds.stream().map(ZipArchiveEntry::getName).toList())
                                + "); a package holds exactly one"));
            }
            ZipArchiveEntry emd = emds.get(0);
            return new PackageContents(entries, emd.getName(), readEmd(zip, emd));
        } catch (IOException e) {
            throw new PackageRejectedException(RejectionReason.NOT_A_ZIP, IngestProblem.inFile(uploadName,
                    "not a valid package: it cannot be read as a zip archive (" + e.getMessage() + ")"));
        }
    }

    private static byte[] readEmd(ZipFile zip, ZipArchiveEntry emd) throws IOException, PackageRejectedException {
        if (!zip.canReadEntryData(emd)) {
            throw new PackageRejectedException(RejectionReason.INVALID_MODEL_DEFINITION, IngestProblem.inFile(
                    emd.getName(), "the entry is encrypted or uses a compression method that cannot be read"));
        }
        try (InputStream in = zip.getInputStream(emd)) {
            // Read one byte past the limit so an oversized entry is detected without trusting its header.
            byte[] bytes = in.readNBytes(ModelDefinitionReader.MAX_EMD_BYTES + 1);
            if (bytes.length > ModelDefinitionReader.MAX_EMD_BYTES) {
                throw new PackageRejectedException(RejectionReason.TOO_LARGE, IngestProblem.inFile(emd.getName(),
                        "larger than the " + ModelDefinitionReader.MAX_EMD_BYTES + "-byte limit for a model definition"));
            }
            return bytes;
        }
    }

    private static boolean isRootModelDefinition(String name) {
        return name.indexOf('/') < 0 && name.indexOf('\\') < 0
                && name.toLowerCase(Locale.ROOT).endsWith(".emd");
    }

    private static String listed(List<PackageEntry> entries) {
        if (entries.isEmpty()) {
            return "no files";
        }
        List<String> names = entries.stream().limit(10).map(PackageEntry::path).toList();
        return String.join(", ", names) + (entries.size() > 10 ? " and " + (entries.size() - 10) + " more" : "");
    }
}
