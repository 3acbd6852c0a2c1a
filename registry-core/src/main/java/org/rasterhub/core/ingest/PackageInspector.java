package org.rasterhub.core.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.utils.InputStreamStatistics;
import org.rasterhub.core.codescan.ZipEntryCount;
import org.rasterhub.core.emd.ModelDefinitionReader;
import org.rasterhub.core.storage.ContentHash;

/**
 * Reads an untrusted zip the safe way: central directory first, every name checked, every local
 * header compared with it, overlapping entries refused, then each entry inflated once into the
 * upload's staging folder under a numbered name (never its own name) while its SHA-256 and CRC-32
 * are computed and the limits enforced. Nested archives stay opaque files. Stateless, thread-safe.
 */
public final class PackageInspector {
    private static final int LOCAL_HEADER_SIGNATURE = 0x04034b50;
    private static final int LOCAL_HEADER_LENGTH = 30;
    private static final long ZIP64_MARKER = 0xFFFFFFFFL;
    private static final int BUFFER = 1 << 16;

    private final ArchiveLimits limits;

    public PackageInspector(ArchiveLimits limits) {
        this.limits = limits;
    }

    public PackageInspector() {
        this(ArchiveLimits.defaults());
    }

    /**
     * @param uploadName the name the user gave the upload, used in messages
     * @param staging    an empty folder of this upload; the caller deletes it afterwards
     * @throws PackageRejectedException with every problem the archive has, or the first limit it broke
     */
    public PackageContents inspect(Path packageFile, String uploadName, Path staging, Progress progress)
            throws PackageRejectedException, IOException {
        // Read the declared entry count from the end record first: a zip library would list a
        // million entries in memory before any limit could be checked.
        try (SeekableByteChannel channel = Files.newByteChannel(packageFile)) {
            OptionalLong declared = ZipEntryCount.of(channel);
            if (declared.isPresent() && declared.getAsLong() > limits.maxEntries()) {
                throw Finding.of(RejectionReason.TOO_MANY_ENTRIES, uploadName, "the archive lists "
                        + declared.getAsLong() + " entries; the limit is " + limits.maxEntries()).reject();
            }
        }
        ZipFile zip;
        try {
            zip = ZipFile.builder().setPath(packageFile).get();
        } catch (IOException e) {
            throw Finding.of(RejectionReason.NOT_A_ZIP, uploadName, "not a valid package: it cannot be read "
                    + "as a zip archive (" + e.getMessage() + "); nothing was stored").reject();
        }
        try (zip; FileChannel channel = FileChannel.open(packageFile, StandardOpenOption.READ)) {
            List<ZipArchiveEntry> all = Collections.list(zip.getEntries());
            if (all.size() > limits.maxEntries()) {
                throw Finding.of(RejectionReason.TOO_MANY_ENTRIES, uploadName, "the archive lists " + all.size()
                        + " entries; the limit is " + limits.maxEntries()).reject();
            }
            List<ZipArchiveEntry> files = checkDirectory(zip, all, channel);
            String root = root(files, uploadName);
            List<String> warnings = root.isEmpty() ? List.of() : List.of("all files sit in the folder \""
                    + root + "\" instead of at the package root; ArcGIS expects them at the root");
            String emdPath = modelDefinition(files, root, uploadName);
            List<PackageEntry> entries = extract(zip, files, emdPath, staging, progress);
            PackageEntry emd = entries.stream().filter(e -> e.path().equals(emdPath)).findFirst().orElseThrow();
            return new PackageContents(entries, root, emdPath, Files.readAllBytes(emd.staged()), warnings);
        }
    }

    /** Checks everything the central directory and local headers say; returns the file entries. */
    private List<ZipArchiveEntry> checkDirectory(ZipFile zip, List<ZipArchiveEntry> all, FileChannel channel)
            throws IOException, PackageRejectedException {
        List<Finding> findings = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        List<ZipArchiveEntry> files = new ArrayList<>();
        for (ZipArchiveEntry entry : all) {
            String name = rawName(entry);
            String shown = EntryNames.shown(name);
            var nameProblem = EntryNames.check(name, limits.maxNameLength());
            if (nameProblem.isPresent()) {
                findings.add(nameProblem.get());
                continue;
            }
            String previous = seen.putIfAbsent(EntryNames.identity(name), name);
            if (previous != null) {
                findings.add(Finding.of(RejectionReason.DUPLICATE_ENTRY, shown, previous.equals(name)
                        ? "the archive holds this name twice"
                        : "the same file as \"" + EntryNames.shown(previous) + "\" on case-insensitive or "
                        + "Unicode-normalising file systems"));
                continue;
            }
            if (entry.isUnixSymlink()) {
                findings.add(Finding.of(RejectionReason.SYMBOLIC_LINK, shown,
                        "symbolic links are not allowed in a package"));
                continue;
            }
            if (entry.getGeneralPurposeBit().usesEncryption()) {
                findings.add(Finding.of(RejectionReason.ENCRYPTED_ENTRY, shown,
                        "the entry is encrypted; RasterHub cannot check it"));
                continue;
            }
            if (!zip.canReadEntryData(entry)) {
                findings.add(Finding.of(RejectionReason.UNSUPPORTED_COMPRESSION, shown, "compression method "
                        + entry.getMethod() + " cannot be read; use Deflate or Store"));
                continue;
            }
            checkLocalHeader(channel, entry, findings);
            if (!entry.isDirectory()) {
                files.add(entry);
            }
        }
        checkOverlaps(all, findings);
        if (!findings.isEmpty()) {
            throw Finding.reject(findings);
        }
        return files;
    }

    private static void checkLocalHeader(FileChannel channel, ZipArchiveEntry entry, List<Finding> findings)
            throws IOException {
        String shown = EntryNames.shown(rawName(entry));
        long offset = entry.getLocalHeaderOffset();
        ByteBuffer header = ByteBuffer.allocate(LOCAL_HEADER_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        if (channel.read(header, offset) < LOCAL_HEADER_LENGTH || header.getInt(0) != LOCAL_HEADER_SIGNATURE) {
            findings.add(Finding.of(RejectionReason.INCONSISTENT_ARCHIVE, shown,
                    "no local file header where the central directory says the entry starts"));
            return;
        }
        int flags = header.getShort(6) & 0xFFFF;
        int method = header.getShort(8) & 0xFFFF;
        long crc = header.getInt(14) & 0xFFFFFFFFL;
        long compressed = header.getInt(18) & 0xFFFFFFFFL;
        long size = header.getInt(22) & 0xFFFFFFFFL;
        ByteBuffer name = ByteBuffer.allocate(header.getShort(26) & 0xFFFF);
        channel.read(name, offset + LOCAL_HEADER_LENGTH);
        List<String> differences = new ArrayList<>();
        if (!Arrays.equals(name.array(), entry.getRawName())) {
            differences.add("name \"" + EntryNames.shown(new String(name.array(), StandardCharsets.UTF_8)) + "\"");
        }
        if (method != entry.getMethod()) {
            differences.add("compression method " + method + " instead of " + entry.getMethod());
        }
        boolean sizesInHeader = (flags & 0x08) == 0; // else they follow the data in a descriptor
        if (sizesInHeader) {
            if (crc != entry.getCrc()) {
                differences.add(String.format("CRC %08x instead of %08x", crc, entry.getCrc()));
            }
            if (compressed != ZIP64_MARKER && compressed != entry.getCompressedSize()) {
                differences.add("compressed size " + compressed + " instead of " + entry.getCompressedSize());
            }
            if (size != ZIP64_MARKER && size != entry.getSize()) {
                differences.add("size " + size + " instead of " + entry.getSize());
            }
        }
        if (!differences.isEmpty()) {
            findings.add(Finding.of(RejectionReason.INCONSISTENT_ARCHIVE, shown, "the local header disagrees with "
                    + "the central directory: " + String.join(", ", differences)));
        }
    }

    /** Entries whose bytes overlap are the trick of non-recursive zip bombs; real archives never do it. */
    private static void checkOverlaps(List<ZipArchiveEntry> all, List<Finding> findings) {
        List<ZipArchiveEntry> byOffset = new ArrayList<>(all);
        byOffset.sort(Comparator.comparingLong(ZipArchiveEntry::getLocalHeaderOffset));
        for (int i = 1; i < byOffset.size(); i++) {
            ZipArchiveEntry before = byOffset.get(i - 1);
            ZipArchiveEntry entry = byOffset.get(i);
            long end = before.getDataOffset() + before.getCompressedSize();
            if (entry.getLocalHeaderOffset() < end) {
                findings.add(Finding.of(RejectionReason.INCONSISTENT_ARCHIVE, EntryNames.shown(rawName(entry)),
                        "its bytes overlap those of \"" + EntryNames.shown(rawName(before))
                                + "\" (a zip-bomb construction); nothing was extracted"));
                return;
            }
        }
    }

    /** "" when an .emd sits at the root; "top/" when every file is inside one top folder holding one. */
    private static String root(List<ZipArchiveEntry> files, String uploadName) throws PackageRejectedException {
        Set<String> tops = new LinkedHashSet<>();
        for (ZipArchiveEntry file : files) {
            String name = EntryNames.normalise(file.getName());
            int slash = name.indexOf('/');
            if (slash < 0 && isModelDefinition(name)) {
                return "";
            }
            tops.add(slash < 0 ? "" : name.substring(0, slash + 1));
        }
        if (tops.size() == 1 && !tops.contains("")) {
            String top = tops.iterator().next();
            boolean hasEmd = files.stream().map(f -> EntryNames.normalise(f.getName()))
                    .anyMatch(n -> n.startsWith(top) && n.indexOf('/', top.length()) < 0 && isModelDefinition(n));
            if (hasEmd) {
                return top;
            }
        }
        throw Finding.of(RejectionReason.NO_MODEL_DEFINITION, uploadName, "no .emd file at the package root; found "
                + listed(files)).reject();
    }

    private static String modelDefinition(List<ZipArchiveEntry> files, String root, String uploadName)
            throws PackageRejectedException {
        List<String> emds = files.stream().map(f -> EntryNames.normalise(f.getName()))
                .filter(n -> n.startsWith(root) && n.indexOf('/', root.length()) < 0 && isModelDefinition(n))
                .toList();
        if (emds.size() > 1) {
            throw Finding.of(RejectionReason.SEVERAL_MODEL_DEFINITIONS, uploadName, "found " + emds.size()
                    + " .emd files at the root (" + String.join(", ", emds) + "); a package holds exactly one")
                    .reject();
        }
        return emds.get(0);
    }

    private List<PackageEntry> extract(ZipFile zip, List<ZipArchiveEntry> files, String emdPath, Path staging,
                                       Progress progress) throws IOException, PackageRejectedException {
        ExecutorService worker = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "rasterhub-ingest-writer");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<PackageEntry> entries = new ArrayList<>();
            long[] total = {0};
            for (int i = 0; i < files.size(); i++) {
                ZipArchiveEntry entry = files.get(i);
                progress.update("checking " + EntryNames.shown(rawName(entry)), i, files.size());
                Path target = staging.resolve(String.format(Locale.ROOT, "member-%05d", i));
                entries.add(extractOne(zip, entry, emdPath, target, worker, total));
            }
            return entries;
        } finally {
            worker.shutdownNow();
        }
    }

    private PackageEntry extractOne(ZipFile zip, ZipArchiveEntry entry, String emdPath, Path target,
                                    ExecutorService worker, long[] total)
            throws IOException, PackageRejectedException {
        String shown = EntryNames.shown(rawName(entry));
        // The model definition is read into memory later: hold it to its own, much smaller cap.
        long entryCap = EntryNames.normalise(entry.getName()).equals(emdPath)
                ? ModelDefinitionReader.MAX_EMD_BYTES : Long.MAX_VALUE;
        if (entry.getSize() > entryCap) {
            throw Finding.of(RejectionReason.TOO_LARGE, shown, "the model definition declares " + entry.getSize()
                    + " bytes; the limit is " + entryCap).reject();
        }
        long size = 0;
        ChecksummingWriter.Sums sums;
        try (InputStream in = zip.getInputStream(entry); ChecksummingWriter writer = new ChecksummingWriter(target, worker, true, true, false)) {
            while (true) {
                byte[] buffer = writer.buffer();
                int filled = in.readNBytes(buffer, 0, buffer.length);
                if (filled == 0) {
                    break;
                }
                size += filled;
                total[0] += filled;
                checkLimits(entry, in, shown, size, total[0], entryCap);
                writer.submit(buffer, filled);
                if (filled < buffer.length) {
                    break;
                }
            }
            sums = writer.finish();
        } catch (IOException e) {
            throw Finding.of(RejectionReason.INCONSISTENT_ARCHIVE, shown, "the entry's data cannot be read ("
                    + e.getMessage() + "); the archive is truncated or corrupt").reject();
        }
        if (entry.getSize() >= 0 && size != entry.getSize()) {
            throw Finding.of(RejectionReason.INCONSISTENT_ARCHIVE, shown, "holds " + size
                    + " bytes but declares " + entry.getSize()).reject();
        }
        if (entry.getCrc() >= 0 && sums.crc32() != entry.getCrc()) {
            throw Finding.of(RejectionReason.INCONSISTENT_ARCHIVE, shown, String.format(
                    "CRC-32 of the data is %08x, the archive says %08x: corrupt or tampered with",
                    sums.crc32(), entry.getCrc())).reject();
        }
        return new PackageEntry(EntryNames.normalise(entry.getName()), size, entry.getCompressedSize(),
                sums.sha256(), target);
    }

    /** Stops a bomb by what has come out so far, per 1 MiB chunk, long before the disk fills. */
    private void checkLimits(ZipArchiveEntry entry, InputStream in, String shown, long size, long total,
                             long entryCap) throws PackageRejectedException {
        if (size > entryCap) {
            throw Finding.of(RejectionReason.TOO_LARGE, shown, "the model definition has more than "
                    + entryCap + " bytes; the limit is " + entryCap).reject();
        }
        if (total > limits.maxTotalBytes()) {
            throw Finding.of(RejectionReason.TOO_LARGE, shown, "the package expands beyond "
                    + limits.maxTotalBytes() + " bytes; stopped while inflating, nothing was stored").reject();
        }
        // Ratio of what came out to what went in so far, so a bomb stops early, not at its end.
        long compressed = Math.max(1, in instanceof InputStreamStatistics stats
                ? stats.getCompressedCount() : entry.getCompressedSize());
        if (size > limits.ratioGraceBytes() && size / compressed > limits.maxExpansionRatio()) {
            throw Finding.of(RejectionReason.COMPRESSION_BOMB, shown, "expands more than "
                    + limits.maxExpansionRatio() + " times (" + compressed + " compressed bytes gave "
                    + size + " and counting); stopped while inflating, nothing was stored").reject();
        }
        if (entry.getSize() >= 0 && size > entry.getSize()) {
            throw Finding.of(RejectionReason.INCONSISTENT_ARCHIVE, shown, "holds more data than its "
                    + "declared size of " + entry.getSize() + " bytes").reject();
        }
    }

    /**
     * The name exactly as the archive stores it. Commons Compress turns backslashes into slashes in
     * {@code getName()}, which would hide a Windows-style traversal from messages.
     */
    private static String rawName(ZipArchiveEntry entry) {
        byte[] raw = entry.getRawName();
        return raw == null ? entry.getName() : new String(raw, StandardCharsets.UTF_8);
    }

    private static boolean isModelDefinition(String name) {
        return name.toLowerCase(Locale.ROOT).endsWith(".emd");
    }

    private static String listed(List<ZipArchiveEntry> files) {
        if (files.isEmpty()) {
            return "no files";
        }
        List<String> names = files.stream().limit(10).map(f -> EntryNames.shown(rawName(f))).toList();
        return String.join(", ", names) + (files.size() > 10 ? " and " + (files.size() - 10) + " more" : "");
    }
}
