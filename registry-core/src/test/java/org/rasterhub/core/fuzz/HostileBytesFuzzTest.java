package org.rasterhub.core.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.rasterhub.core.codescan.Engine;
import org.rasterhub.core.codescan.PackageFileScanner;
import org.rasterhub.core.emd.InvalidModelDefinitionException;
import org.rasterhub.core.emd.ModelDefinitionReader;
import org.rasterhub.core.emd.PackageFiles;
import org.rasterhub.core.ingest.ArchiveLimits;
import org.rasterhub.core.ingest.IngestService;
import org.rasterhub.core.ingest.PackageInspector;
import org.rasterhub.core.ingest.PackageRejectedException;
import org.rasterhub.core.ingest.Progress;
import org.rasterhub.core.storage.BlobStore;
import org.rasterhub.core.storage.DataFolder;

/**
 * Feeds mutated bytes, grown from real and hostile packages and model definitions (the seed inputs
 * in {@code HostileBytesFuzzTestInputs/}), to the zip reader (staging a package) and to the
 * {@code .emd} reader. Each may only refuse with its documented rejection, and a refused package
 * leaves no file behind. {@code scripts/test.sh} fuzzes for a bounded time (JAZZER_FUZZ=1); a plain
 * {@code mvn test} replays the seeds and every finding kept there.
 */
class HostileBytesFuzzTest {
    private static final PackageFiles NO_FILES = new PackageFiles() {
        @Override
        public boolean contains(String pathFromEmd) {
            return pathFromEmd.equals("model.onnx");
        }

        @Override
        public String listing() {
            return "model.onnx, model.emd";
        }
    };

    private static Path root;
    private static DataFolder folder;
    private static IngestService stager;
    private static final ModelDefinitionReader EMD_READER = new ModelDefinitionReader();

    @BeforeAll
    static void createDataFolder() throws IOException {
        root = Files.createTempDirectory("rasterhub-fuzz-");
        folder = new DataFolder(root).create();
        // Small limits: the fuzzer explores refusals, not gigabytes.
        ArchiveLimits limits = ArchiveLimits.defaults().withMaxTotalBytes(4L << 20).withMaxEntries(64);
        stager = new IngestService(folder, new PackageInspector(limits), EMD_READER,
                new PackageFileScanner(EnumSet.of(Engine.ONNX_RUNTIME)), new BlobStore(folder), null, 1L << 20);
    }

    @AfterAll
    static void deleteDataFolder() throws IOException {
        DataFolder.deleteTree(root);
    }

    @FuzzTest(maxDuration = "60s")
    void theZipAndEmdReadersOnlyRefuseAsDocumentedAndLeaveNothingBehind(byte[] input) throws IOException {
        try {
            EMD_READER.read(input, NO_FILES);
        } catch (InvalidModelDefinitionException documented) {
            // every problem located in the file: the documented rejection
        }
        try (IngestService.StagedPackage staged = stager.stage(new ByteArrayInputStream(input), "fuzz.dlpk",
                input.length, Progress.NONE)) {
            // accepted: closing removes the staging folder
        } catch (PackageRejectedException documented) {
            // the documented rejection, with its reason code
        }
        try (Stream<Path> left = Files.list(folder.tmp())) {
            assertEquals(List.of(), left.toList(), "nothing left in tmp/");
        }
    }
}
