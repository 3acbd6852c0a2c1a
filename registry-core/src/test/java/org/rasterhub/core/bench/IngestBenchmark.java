package org.rasterhub.core.bench;

import jakarta.persistence.EntityManager;
import java.io.IOException;
import java.util.EnumSet;
import org.rasterhub.core.codescan.Engine;
import org.rasterhub.core.codescan.PackageFileScanner;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Collections;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.rasterhub.core.catalog.Catalog;
import org.rasterhub.core.emd.ModelDefinitionReader;
import org.rasterhub.core.ingest.IngestService;
import org.rasterhub.core.ingest.PackageInspector;
import org.rasterhub.core.ingest.Progress;
import org.rasterhub.core.storage.BlobStore;
import org.rasterhub.core.storage.ContentHash;
import org.rasterhub.core.storage.DataFolder;
import org.rasterhub.core.testing.TestDatabase;
import org.rasterhub.core.testing.TestPackages;

/**
 * Ingest throughput of a large package as a ratio to the best this JVM does on the same bytes:
 * min(plain inflate rate, plain SHA-256 rate), both measured here, in the same run. Also prints the
 * peak heap. Run with {@code scripts/bench-ingest.sh [megabytes]} (which sets -Xmx256m).
 */
public final class IngestBenchmark {
    private static final PackageFileScanner ONNX_ONLY = new PackageFileScanner(EnumSet.of(Engine.ONNX_RUNTIME));
    private static final int RUNS = 3;
    private static String bestStages = "";

    public static void main(String[] args) throws Exception {
        long megabytes = args.length > 0 ? Long.parseLong(args[0]) : 512;
        Path work = Files.createTempDirectory("rasterhub-bench");
        try {
            Path dlpk = work.resolve("large.dlpk");
            writePackage(dlpk, megabytes << 20);
            long packageBytes = Files.size(dlpk);
            System.out.printf("machine: %d cores, java %s, max heap %d MB%n",
                    Runtime.getRuntime().availableProcessors(), Runtime.version(),
                    Runtime.getRuntime().maxMemory() >> 20);
            System.out.printf("package: %d MB compressed, %d MB of float32 weights inside%n",
                    packageBytes >> 20, megabytes);

            double inflate = best(() -> inflateAll(dlpk), packageBytes);
            double sha256 = best(() -> sha256(dlpk), packageBytes);
            double ingest = bestIngest(dlpk, work, packageBytes);
            double baseline = Math.min(inflate, sha256);
            System.out.printf("plain inflate  %7.1f MB/s%n", inflate);
            System.out.printf("plain SHA-256  %7.1f MB/s%n", sha256);
            System.out.printf("ingest         %7.1f MB/s  (stage+hash, check, inflate+hash+CRC every entry, store, register)%n",
                    ingest);
            System.out.printf("ingest / min(inflate, SHA-256) = %.2f   (target >= 0.80)%n", ingest / baseline);
            System.out.println(bestStages);
            System.out.printf("peak heap used %d MB   (target < 256 MB)%n", peakHeapBytes() >> 20);
        } finally {
            try (Stream<Path> walk = Files.walk(work)) {
                walk.sorted(Collections.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Package bytes per second, best of {@link #RUNS} (the first run also warms the JIT). */
    private static double best(Work work, long bytes) throws Exception {
        long bestNanos = Long.MAX_VALUE;
        for (int i = 0; i < RUNS; i++) {
            long start = System.nanoTime();
            work.run();
            bestNanos = Math.min(bestNanos, System.nanoTime() - start);
        }
        return bytes / 1e6 / (bestNanos / 1e9);
    }

    /**
     * Times the ingest itself (upload stream to committed item, fsyncs included); the fresh data
     * folder and database of each run are made before the clock starts.
     */
    private static double bestIngest(Path dlpk, Path work, long bytes) throws Exception {
        long bestNanos = Long.MAX_VALUE;
        for (int i = 0; i < RUNS; i++) {
            Path home = Files.createTempDirectory(work, "home");
            DataFolder folder = new DataFolder(home.resolve("data")).create();
            try (TestDatabase database = new TestDatabase(home.resolve("db"))) {
                EntityManager em = database.entityManagerFactory().createEntityManager();
                IngestService ingest = new IngestService(folder, new PackageInspector(), new ModelDefinitionReader(),
                        ONNX_ONLY, new BlobStore(folder), new Catalog(em, Clock.systemUTC()), 16L << 30);
                java.util.Map<String, Long> stages = new java.util.LinkedHashMap<>();
                long start = System.nanoTime();
                Progress timing = (stage, done, total) ->
                        stages.putIfAbsent(stage.split(" ")[0] + " " + (stage.contains(" ") ? stage.split(" ")[1] : ""),
                                System.nanoTime() - start);
                em.getTransaction().begin();
                try (InputStream in = Files.newInputStream(dlpk)) {
                    ingest.ingestNewItem(in, "large.dlpk", Files.size(dlpk), "bench", timing);
                }
                em.getTransaction().commit();
                long took = System.nanoTime() - start;
                if (took < bestNanos) {
                    bestNanos = took;
                    StringBuilder line = new StringBuilder("ingest stages (s from start):");
                    stages.forEach((stage, at) -> line.append(String.format(" %s@%.2f", stage.strip(), at / 1e9)));
                    bestStages = line.append(String.format(" done@%.2f", took / 1e9)).toString();
                }
                em.close();
            }
            try (Stream<Path> walk = Files.walk(home)) {
                walk.sorted(Collections.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        return bytes / 1e6 / (bestNanos / 1e9);
    }

    private static void inflateAll(Path dlpk) throws IOException {
        byte[] buffer = new byte[1 << 16];
        try (ZipFile zip = ZipFile.builder().setPath(dlpk).get()) {
            for (ZipArchiveEntry entry : Collections.list(zip.getEntries())) {
                try (InputStream in = zip.getInputStream(entry)) {
                    while (in.read(buffer) > 0) {
                        // discard: the baseline is inflating alone
                    }
                }
            }
        }
    }

    private static void sha256(Path dlpk) throws IOException {
        MessageDigest digest = ContentHash.newDigest();
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(dlpk)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        digest.digest();
    }

    /** Float32 weights around zero, as trained networks have: they deflate only a little. */
    private static void writePackage(Path target, long weightBytes) throws IOException {
        Random random = new Random(42);
        ByteBuffer chunk = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
        try (OutputStream file = Files.newOutputStream(target);
             ZipArchiveOutputStream zip = new ZipArchiveOutputStream(file)) {
            zip.putArchiveEntry(new ZipArchiveEntry("land_cover.emd"));
            zip.write(TestPackages.LAND_COVER_EMD.getBytes(StandardCharsets.UTF_8));
            zip.closeArchiveEntry();
            zip.putArchiveEntry(new ZipArchiveEntry("land_cover.onnx"));
            for (long written = 0; written < weightBytes; written += chunk.capacity()) {
                chunk.clear();
                while (chunk.hasRemaining()) {
                    chunk.putFloat((float) (random.nextGaussian() * 0.05));
                }
                zip.write(chunk.array());
            }
            zip.closeArchiveEntry();
        }
    }

    private static long peakHeapBytes() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }

    @FunctionalInterface
    private interface Work {
        void run() throws Exception;
    }
}
