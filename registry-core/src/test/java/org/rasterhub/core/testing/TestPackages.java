package org.rasterhub.core.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;

/**
 * Builds model packages in code for tests: {@code aPackage().withEmd(json).build(path)}.
 * The default is a small valid pixel-classification package with an ONNX model file.
 */
public final class TestPackages {
    public static final String LAND_COVER_EMD = """
            {
              "Framework": "Onnx",
              "ModelConfiguration": "BrightestBand",
              "ModelFile": "land_cover.onnx",
              "ModelType": "ImageClassification",
              "ImageHeight": 256,
              "ImageWidth": 256,
              "ExtractBands": [0, 1, 2],
              "Classes": [
                {"Value": 0, "Name": "Water", "Color": [0, 92, 230]},
                {"Value": 1, "Name": "Forest", "Color": [38, 115, 0]},
                {"Value": 2, "Name": "Built-up", "Color": [230, 0, 0]}
              ]
            }
            """;

    private final Map<String, byte[]> entries = new LinkedHashMap<>();

    private TestPackages() {
        entries.put("land_cover.emd", LAND_COVER_EMD.getBytes(StandardCharsets.UTF_8));
        entries.put("land_cover.onnx", new byte[] {8, 8, 18, 4, 't', 'e', 's', 't'});
    }

    public static TestPackages aPackage() {
        return new TestPackages();
    }

    public TestPackages withEmd(String json) {
        entries.remove("land_cover.emd");
        entries.put("land_cover.emd", json.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    public TestPackages withoutEmd() {
        entries.remove("land_cover.emd");
        return this;
    }

    public TestPackages withFile(String path, byte[] content) {
        entries.put(path, content);
        return this;
    }

    public TestPackages withFile(String path, String content) {
        return withFile(path, content.getBytes(StandardCharsets.UTF_8));
    }

    public Path build(Path target) throws IOException {
        try (OutputStream out = Files.newOutputStream(target)) {
            writeTo(out);
        }
        return target;
    }

    public byte[] bytes() throws IOException {
        var out = new java.io.ByteArrayOutputStream();
        writeTo(out);
        return out.toByteArray();
    }

    private void writeTo(OutputStream out) throws IOException {
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(out)) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                zip.putArchiveEntry(new ZipArchiveEntry(entry.getKey()));
                zip.write(entry.getValue());
                zip.closeArchiveEntry();
            }
        }
    }
}
