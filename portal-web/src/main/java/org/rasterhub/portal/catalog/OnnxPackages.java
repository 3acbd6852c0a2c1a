package org.rasterhub.portal.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.rasterhub.core.ingest.IngestProblem;
import org.rasterhub.core.ingest.PackageRejectedException;
import org.rasterhub.core.ingest.RejectionReason;
import org.rasterhub.runner.contract.DeepnessDefinition;
import org.rasterhub.runner.contract.OnnxModelFacts;

/**
 * An {@code .onnx} uploaded on its own: it becomes a package of the model file and an {@code .emd}
 * generated from its Deepness metadata ({@link DeepnessDefinition}), which then goes through the same
 * ingest as any package (archive checks, schema, code scan, contract judgement). Files live in the
 * data folder's {@code tmp/} only while a request uses them.
 */
final class OnnxPackages {
    private OnnxPackages() {
    }

    /** Whether an upload of this name is a bare ONNX model rather than a package. */
    static boolean isBareModel(String fileName) {
        return fileName != null && fileName.toLowerCase(Locale.ROOT).endsWith(".onnx");
    }

    /**
     * Copies an upload to {@code file}, refusing more than {@code maxBytes}.
     *
     * @throws PackageRejectedException {@code too_large} past the limit
     */
    static void spool(InputStream content, Path file, String fileName, long maxBytes)
            throws IOException, PackageRejectedException {
        byte[] buffer = new byte[1 << 16];
        long total = 0;
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int n = content.read(buffer); n >= 0; n = content.read(buffer)) {
                total += n;
                if (total > maxBytes) {
                    throw new PackageRejectedException(RejectionReason.TOO_LARGE, IngestProblem.inFile(fileName,
                            "the model is larger than the " + maxBytes + "-byte limit"));
                }
                out.write(buffer, 0, n);
            }
        }
        if (total == 0) {
            throw new PackageRejectedException(RejectionReason.EMPTY_UPLOAD, IngestProblem.inFile(fileName,
                    "the upload has no bytes"));
        }
    }

    /**
     * The definition generated for a spooled model.
     *
     * @throws PackageRejectedException {@code no_model_metadata} when the file is no readable ONNX model
     *     or does not say enough to describe it, with the reason
     */
    static DeepnessDefinition.Generated definition(Path model, String fileName) throws PackageRejectedException {
        try {
            return DeepnessDefinition.from(OnnxModelFacts.read(model), fileName);
        } catch (IOException | IllegalArgumentException e) {
            throw new PackageRejectedException(RejectionReason.NO_MODEL_METADATA, IngestProblem.inFile(fileName,
                    e.getMessage()));
        }
    }

    /** Writes a package of the model and its definition (stored, not deflated: ONNX weights do not shrink). */
    static void writePackage(Path model, String fileName, String emdJson, Path into) throws IOException {
        String base = fileName.replaceFirst("(?i)\\.onnx$", "");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(into))) {
            zip.putNextEntry(new ZipEntry(base + ".emd"));
            zip.write(emdJson.getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
            zip.setLevel(1);
            zip.putNextEntry(new ZipEntry(fileName));
            Files.copy(model, zip);
            zip.closeEntry();
        }
    }
}
