package org.rasterhub.core.codescan;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

/**
 * Tells what a file of a package is and whether it is code, from its bytes, without loading it:
 * pickles are read opcode by opcode ({@link PickleScanner}), zip-based PyTorch files through their
 * central directory with every member read in memory, nothing extracted. The file is untrusted; it
 * is opened read-only, symbolic links are not followed, and every read is bounded.
 *
 * <p>Stateless and thread-safe.
 */
public final class PackageFileScanner {
    /** Bytes read to recognise a file; HDF5 may put its signature at 0, 512, 1024 or 2048. */
    static final int HEAD_BYTES = 4096;
    /** Members of a zip-based model file; torch.save writes one per tensor storage. */
    public static final int MAX_ARCHIVE_ENTRIES = 65_536;
    /** Pickles read from one file; torch.save writes one, torch.jit.save two plus one per code file. */
    public static final int MAX_PICKLES_PER_FILE = 256;
    /** A safetensors header larger than this is not parsed. */
    public static final int MAX_SAFETENSORS_HEADER_BYTES = 16 << 20;
    /** How far into an HDF5 file to look for a Keras Lambda layer in the model config. */
    public static final long MAX_LAMBDA_SEARCH_BYTES = 16L << 20;

    // torch.save's legacy (pre-1.6) stream starts with its magic number pickled at protocol 2,
    private static final byte[] LEGACY_TORCH_MAGIC = {(byte) 0x80, 0x02, (byte) 0x8a, 0x0a, 0x6c, (byte) 0xfc,
        (byte) 0x9c, 0x46, (byte) 0xf9, 0x20, 0x6a, (byte) 0xa8, 0x50, 0x19, 0x2e};
    // then pickles the protocol version, system info, the object and the storage keys; raw bytes follow.
    private static final int LEGACY_TORCH_PICKLES = 5;
    private static final byte[] HDF5_SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final Set<String> TORCH_EXTENSIONS = Set.of("pth", "pt", "ckpt", "bin");
    private static final Set<String> PICKLE_EXTENSIONS = Set.of("pkl", "pickle", "joblib");
    // Kinds judged by name or by a loose look at the first bytes: their content may still be a pickle.
    private static final Set<FileKind> SNIFFED_FOR_PICKLES = Set.of(FileKind.PYTHON_SOURCE, FileKind.PYTHON_BYTECODE,
            FileKind.TENSORFLOW_PB, FileKind.CNTK, FileKind.HTML, FileKind.OTHER);
    private static final List<byte[]> LAMBDA_MARKERS = List.of(
            "\"class_name\": \"Lambda\"".getBytes(StandardCharsets.US_ASCII),
            "\"class_name\":\"Lambda\"".getBytes(StandardCharsets.US_ASCII));
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_SHOWN_NAME = 200;

    private final Set<Engine> engines;
    private final PickleScanner pythonPickles;
    private final PickleScanner torchScriptPickles;

    /**
     * @param enginesHere the engines this installation runs models with; decides
     *                    {@link FileAssessment#runnableHere()}
     */
    public PackageFileScanner(Set<Engine> enginesHere) {
        this(enginesHere, PickleScanner.DEFAULT_MAX_BYTES);
    }

    PackageFileScanner(Set<Engine> enginesHere, long maxPickleBytes) {
        this.engines = enginesHere.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(enginesHere));
        this.pythonPickles = new PickleScanner(maxPickleBytes, PickleImports.PYTHON);
        this.torchScriptPickles = new PickleScanner(maxPickleBytes, PickleImports.TORCHSCRIPT);
    }

    /**
     * Assesses one file of a package. A malformed pickle or zip member does not throw: it leaves
     * {@link FileAssessment#scanComplete()} false and says what in the notes.
     *
     * @param entryPath the file's path inside the package, as listed in the archive
     * @param content   the file's bytes, already extracted; a regular file, not a link
     * @throws IOException when the file cannot be opened or read at all
     */
    public FileAssessment assess(String entryPath, Path content) throws IOException {
        if (!Files.isRegularFile(content, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(entryPath + ": " + content + " is not a regular file; nothing was read");
        }
        long size = Files.size(content);
        byte[] head;
        try (InputStream in = open(content)) {
            head = in.readNBytes(HEAD_BYTES);
        }
        String extension = extensionOf(entryPath);
        Findings found = new Findings(entryPath);

        if (startsWithProtocolOpcode(head) && !startsWith(head, 0, LEGACY_TORCH_MAGIC)) {
            // A pickle by its bytes, whatever its name: torch.load or pickle.load would read it.
            found.kind = TORCH_EXTENSIONS.contains(extension) ? FileKind.PYTORCH_PICKLE_ARCHIVE : FileKind.PICKLE;
            scanPickleStream(found, content, 1);
        } else if (extension.equals("py") || extension.equals("pyw")) {
            found.kind = FileKind.PYTHON_SOURCE;
        } else if (extension.equals("pyc") || extension.equals("pyo")) {
            found.kind = FileKind.PYTHON_BYTECODE;
            if (head.length < 4 || head[2] != '\r' || head[3] != '\n') {
                found.notes.add("named ." + extension + " but does not start with a Python bytecode magic number");
            }
        } else if (startsWith(head, 0, 'P', 'K', 3, 4) || startsWith(head, 0, 'P', 'K', 5, 6)) {
            assessZip(found, content, extension);
        } else if (hdf5SignatureAt(head) >= 0) {
            found.kind = FileKind.KERAS_H5;
            found.lambdaLayer = containsAny(content, LAMBDA_MARKERS, MAX_LAMBDA_SEARCH_BYTES);
        } else if (looksLikeSafetensors(head, size)) {
            found.kind = FileKind.SAFETENSORS;
            checkSafetensorsHeader(found, content, head);
        } else if (startsWith(head, 0, LEGACY_TORCH_MAGIC)) {
            found.kind = FileKind.PYTORCH_PICKLE_ARCHIVE;
            scanPickleStream(found, content, LEGACY_TORCH_PICKLES);
        } else if (PICKLE_EXTENSIONS.contains(extension)
                || TORCH_EXTENSIONS.contains(extension) && !extension.equals("bin")) {
            // torch.load unpickles any .pth that is not a zip, so such a file is a pickle to us too.
            found.kind = TORCH_EXTENSIONS.contains(extension) ? FileKind.PYTORCH_PICKLE_ARCHIVE : FileKind.PICKLE;
            scanPickleStream(found, content, 1);
        } else if (extension.equals("onnx")) {
            String problem = onnxProblem(head, size);
            if (problem == null) {
                found.kind = FileKind.ONNX;
            } else {
                found.kind = FileKind.OTHER;
                found.otherReason = "named .onnx but " + problem + "; not a model RasterHub can run";
            }
        } else if (startsWith(head, 0, PNG_SIGNATURE) || startsWith(head, 0, 0xff, 0xd8, 0xff)) {
            found.kind = FileKind.IMAGE;
        } else if (extension.equals("pb")) {
            found.kind = FileKind.TENSORFLOW_PB;
        } else if (extension.equals("model")) {
            found.kind = FileKind.CNTK;
        } else if (extension.equals("emd")) {
            found.kind = FileKind.EMD;
        } else if (extension.equals("html") || extension.equals("htm") || looksLikeHtml(head)) {
            found.kind = FileKind.HTML;
        } else {
            found.kind = FileKind.OTHER;
        }
        if (SNIFFED_FOR_PICKLES.contains(found.kind) && isCompletePickle(content)) {
            // Protocols 0 and 1 have no PROTO opcode: the whole pickle is the only proof.
            found.notes.add("named ." + extension + " but its bytes are a complete Python pickle; scanned as one");
            found.kind = FileKind.PICKLE;
            scanPickleStream(found, content, 1);
        }
        return found.assessment(engines);
    }

    private void assessZip(Findings found, Path content, String extension) throws IOException {
        FileKind ifUnreadable = TORCH_EXTENSIONS.contains(extension) ? FileKind.PYTORCH_PICKLE_ARCHIVE : FileKind.OTHER;
        try (SeekableByteChannel channel = Files.newByteChannel(content, StandardOpenOption.READ,
                LinkOption.NOFOLLOW_LINKS)) {
            OptionalLong declared = ZipEntryCount.of(channel);
            if (declared.isPresent() && declared.getAsLong() > MAX_ARCHIVE_ENTRIES) {
                found.kind = ifUnreadable;
                found.incomplete("a zip archive declaring " + declared.getAsLong() + " entries, more than the "
                        + MAX_ARCHIVE_ENTRIES + " a model file may hold; its members were not read");
                return;
            }
            channel.position(0);
            List<ZipArchiveEntry> members;
            ZipFile zip;
            try {
                zip = ZipFile.builder().setSeekableByteChannel(channel).get();
            } catch (IOException | RuntimeException e) {
                found.kind = ifUnreadable;
                found.incomplete("starts like a zip archive but cannot be read as one (" + shown(e) + ")");
                return;
            }
            try (zip) {
                members = new ArrayList<>();
                for (ZipArchiveEntry entry : Collections.list(zip.getEntries())) {
                    if (!entry.isDirectory()) {
                        members.add(entry);
                    }
                    if (members.size() > MAX_ARCHIVE_ENTRIES) {
                        found.kind = ifUnreadable;
                        found.incomplete("a zip archive with more than " + MAX_ARCHIVE_ENTRIES
                                + " entries; its members were not read");
                        return;
                    }
                }
                found.kind = zipKind(members);
                if (found.kind == FileKind.OTHER) {
                    found.otherReason = "a zip archive that is neither a PyTorch nor a TorchScript file";
                }
                scanZipPickles(found, zip, members);
            }
        }
    }

    /** torch.jit.save writes {@code <name>/code/…} beside its pickles; torch.save only {@code <name>/data.pkl}. */
    private static FileKind zipKind(List<ZipArchiveEntry> members) {
        Set<String> pickleFolders = new HashSet<>();
        Set<String> codeFolders = new HashSet<>();
        for (ZipArchiveEntry member : members) {
            String name = member.getName();
            int slash = name.indexOf('/');
            String folder = slash < 0 ? "" : name.substring(0, slash + 1);
            String rest = name.substring(folder.length());
            if (rest.equals("data.pkl") || rest.equals("constants.pkl")) {
                pickleFolders.add(folder + rest);
            } else if (rest.startsWith("code/")) {
                codeFolders.add(folder);
            }
        }
        for (String folder : codeFolders) {
            if (pickleFolders.contains(folder + "data.pkl") || pickleFolders.contains(folder + "constants.pkl")) {
                return FileKind.TORCHSCRIPT;
            }
        }
        return pickleFolders.stream().anyMatch(p -> p.endsWith("data.pkl"))
                ? FileKind.PYTORCH_PICKLE_ARCHIVE : FileKind.OTHER;
    }

    private void scanZipPickles(Findings found, ZipFile zip, List<ZipArchiveEntry> members) {
        PickleScanner scanner = found.kind == FileKind.TORCHSCRIPT ? torchScriptPickles : pythonPickles;
        int scanned = 0;
        for (ZipArchiveEntry member : members) {
            if (!isPickleName(member.getName())) {
                continue;
            }
            String location = PickleStrings.shown(found.path + "!" + member.getName(), MAX_SHOWN_NAME);
            if (++scanned > MAX_PICKLES_PER_FILE) {
                found.incomplete("more than " + MAX_PICKLES_PER_FILE + " pickles in the archive; "
                        + location + " and later ones were not scanned");
                return;
            }
            if (!zip.canReadEntryData(member)) {
                found.incomplete(location + ": encrypted or compressed with an unsupported method; not scanned");
                continue;
            }
            try (InputStream in = new BufferedInputStream(zip.getInputStream(member))) {
                found.pickles.add(new ScannedPickle(location, scanner.scan(in)));
            } catch (MalformedPickleException e) {
                found.incomplete(location + ": " + e.getMessage());
            } catch (IOException | RuntimeException e) {
                found.incomplete(location + ": the zip member cannot be read (" + shown(e) + ")");
            }
        }
    }

    /** data.pkl, constants.pkl, and the code/*.debug_pkl source maps that libtorch unpickles too. */
    private static boolean isPickleName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".pkl") || lower.endsWith(".pickle") || lower.endsWith(".debug_pkl");
    }

    /**
     * Scans up to {@code count} pickles written one after another; stops early at the end of the file.
     * Reports of pickles read before a malformed one are kept: each was complete.
     */
    private void scanPickleStream(Findings found, Path content, int count) throws IOException {
        try (CountingStream in = new CountingStream(new BufferedInputStream(open(content)))) {
            PickleReport report = null;
            try {
                for (int i = 0; i < count && (i == 0 || !in.atEnd()); i++) {
                    PickleReport next = pythonPickles.scan(in, in.count);
                    report = report == null ? next : report.followedBy(next);
                }
            } catch (MalformedPickleException e) {
                found.incomplete(e.getMessage());
            }
            if (report != null) {
                found.pickles.add(new ScannedPickle(found.path, report));
            }
        }
    }

    private boolean isCompletePickle(Path content) throws IOException {
        try (InputStream in = new BufferedInputStream(open(content))) {
            pythonPickles.scan(in);
            return true;
        } catch (MalformedPickleException e) {
            return false;
        }
    }

    private static boolean startsWithProtocolOpcode(byte[] head) {
        return head.length >= 2 && (head[0] & 0xff) == 0x80 && head[1] >= 0 && head[1] <= PickleReport.HIGHEST_PROTOCOL;
    }

    /** Safetensors: an 8-byte little-endian header length, then a JSON object, then the tensors. */
    private static boolean looksLikeSafetensors(byte[] head, long size) {
        if (head.length < 10) {
            return false;
        }
        long headerLength = ByteBuffer.wrap(head, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        return headerLength >= 2 && headerLength <= size - 8 && head[8] == '{';
    }

    private static void checkSafetensorsHeader(Findings found, Path content, byte[] head) throws IOException {
        long headerLength = ByteBuffer.wrap(head, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (headerLength > MAX_SAFETENSORS_HEADER_BYTES) {
            found.notes.add("the safetensors header has " + headerLength + " bytes, more than the "
                    + MAX_SAFETENSORS_HEADER_BYTES + " checked; it was not parsed");
            return;
        }
        byte[] header;
        try (InputStream in = open(content)) {
            in.skipNBytes(8);
            header = in.readNBytes((int) headerLength);
        }
        try {
            JsonNode root = JSON.readTree(header);
            if (root == null || !root.isObject()) {
                found.notes.add("the safetensors header is not a JSON object");
            }
        } catch (JacksonException e) {
            found.notes.add("the safetensors header is not valid JSON ("
                    + PickleStrings.shown(String.valueOf(e.getOriginalMessage()), MAX_SHOWN_NAME) + ")");
        }
    }

    /**
     * Null when the bytes start like a serialized ONNX ModelProto: field 1 (ir_version, a varint)
     * comes first in every exporter's output; other ModelProto fields are accepted as plausible.
     */
    private static String onnxProblem(byte[] head, long size) {
        if (head.length < 2) {
            return "has only " + size + " byte(s)";
        }
        int tag = head[0] & 0xff;
        // ModelProto fields: 1 ir_version, 5 model_version (varints); 2-4, 6, 7 graph, 8 opset_import,
        // 14 metadata_props (length-delimited).
        boolean varint = tag == 0x08 || tag == 0x28;
        boolean delimited = tag == 0x12 || tag == 0x1a || tag == 0x22 || tag == 0x32 || tag == 0x3a
                || tag == 0x42 || tag == 0x72;
        if (!varint && !delimited) {
            return String.format("does not start like an ONNX model (first byte 0x%02x is no ModelProto field)", tag);
        }
        long value = 0;
        int i = 1;
        for (int shift = 0; ; shift += 7, i++) {
            if (i >= head.length || shift > 63) {
                return "does not start like an ONNX model (its first field never ends)";
            }
            value |= (long) (head[i] & 0x7f) << shift;
            if ((head[i] & 0x80) == 0) {
                break;
            }
        }
        if (delimited && (value < 0 || value > size - i - 1)) {
            return "does not start like an ONNX model (its first field claims " + value + " bytes of "
                    + size + ")";
        }
        return null;
    }

    private static int hdf5SignatureAt(byte[] head) {
        for (int at : new int[] {0, 512, 1024, 2048}) {
            if (startsWith(head, at, HDF5_SIGNATURE)) {
                return at;
            }
        }
        return -1;
    }

    private static boolean looksLikeHtml(byte[] head) {
        String start = new String(head, 0, Math.min(head.length, 256), StandardCharsets.ISO_8859_1)
                .replace("\u00ef\u00bb\u00bf", "").stripLeading().toLowerCase(Locale.ROOT);
        return start.startsWith("<!doctype html") || start.startsWith("<html");
    }

    /** Searches the first {@code limit} bytes for any of the markers, chunk by chunk. */
    private static boolean containsAny(Path content, List<byte[]> markers, long limit) throws IOException {
        int overlap = markers.stream().mapToInt(m -> m.length).max().orElse(1) - 1;
        byte[] buffer = new byte[(1 << 16) + overlap];
        int carried = 0;
        long read = 0;
        try (InputStream in = open(content)) {
            while (read < limit) {
                int n = in.read(buffer, carried, (int) Math.min(buffer.length - carried, limit - read));
                if (n < 0) {
                    return false;
                }
                read += n;
                int filled = carried + n;
                for (byte[] marker : markers) {
                    if (indexOf(buffer, filled, marker) >= 0) {
                        return true;
                    }
                }
                carried = Math.min(overlap, filled);
                System.arraycopy(buffer, filled - carried, buffer, 0, carried);
            }
        }
        return false;
    }

    private static int indexOf(byte[] data, int length, byte[] marker) {
        outer:
        for (int i = 0; i <= length - marker.length; i++) {
            for (int k = 0; k < marker.length; k++) {
                if (data[i + k] != marker[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static boolean startsWith(byte[] data, int at, int... expected) {
        if (data.length < at + expected.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if ((data[at + i] & 0xff) != (expected[i] & 0xff)) {
                return false;
            }
        }
        return true;
    }

    private static boolean startsWith(byte[] data, int at, byte[] expected) {
        return data.length >= at + expected.length
                && Arrays.equals(data, at, at + expected.length, expected, 0, expected.length);
    }

    /** "model/Unet.PTH" gives "pth"; "" when the last segment has no dot. */
    static String extensionOf(String entryPath) {
        String name = entryPath.substring(Math.max(entryPath.lastIndexOf('/'), entryPath.lastIndexOf('\\')) + 1);
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    /** An exception's message fit for a one-line note: zip libraries quote entry names in theirs. */
    private static String shown(Exception e) {
        return PickleStrings.shown(String.valueOf(e.getMessage()), MAX_SHOWN_NAME);
    }

    private static InputStream open(Path content) throws IOException {
        return Channels.newInputStream(
                Files.newByteChannel(content, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS));
    }

    /** Counts the bytes taken from a stream so consecutive pickles are reported at file offsets. */
    private static final class CountingStream extends FilterInputStream {
        long count;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            count += skipped;
            return skipped;
        }

        boolean atEnd() throws IOException {
            in.mark(1);
            int b = in.read();
            in.reset();
            return b < 0;
        }

        @Override
        public boolean markSupported() {
            return false;
        }
    }

    /** What the scan of one file found, turned into an assessment at the end. */
    private static final class Findings {
        final String path;
        FileKind kind = FileKind.OTHER;
        final List<ScannedPickle> pickles = new ArrayList<>();
        final List<String> notes = new ArrayList<>();
        boolean complete = true;
        boolean lambdaLayer;
        String otherReason;

        Findings(String path) {
            this.path = path;
        }

        void incomplete(String note) {
            complete = false;
            notes.add(note);
        }

        FileAssessment assessment(Set<Engine> engines) {
            boolean executable = switch (kind) {
                case PYTHON_SOURCE, PYTHON_BYTECODE, PICKLE, PYTORCH_PICKLE_ARCHIVE, TORCHSCRIPT -> true;
                default -> !pickles.isEmpty() || lambdaLayer;
            };
            List<String> dangerous = new ArrayList<>();
            pickles.forEach(p -> p.report().dangerous().stream().filter(d -> !dangerous.contains(d))
                    .forEach(dangerous::add));
            boolean runnable;
            String reason;
            if (!dangerous.isEmpty()) {
                runnable = false;
                reason = kind.label() + " that would run " + String.join(", ", dangerous.subList(0,
                        Math.min(3, dangerous.size()))) + (dangerous.size() > 3 ? " and more" : "")
                        + " when opened in Python: do not open it; RasterHub never unpickles it";
            } else {
                switch (kind) {
                    case ONNX -> {
                        runnable = engines.contains(Engine.ONNX_RUNTIME);
                        reason = runnable ? "ONNX: runs on the ONNX Runtime engine"
                                : "ONNX: needs the ONNX Runtime engine, which this RasterHub does not have";
                    }
                    case TORCHSCRIPT -> {
                        runnable = complete && engines.contains(Engine.PYTORCH);
                        if (!complete) {
                            reason = "TorchScript whose pickles could not be fully checked: RasterHub will not "
                                    + "load it; save it again with torch.jit.save";
                        } else if (runnable) {
                            reason = "TorchScript: runs on the PyTorch engine";
                        } else {
                            reason = "TorchScript: needs the PyTorch engine, which this RasterHub does not have; "
                                    + "export the model to ONNX (torch.onnx.export) and upload that";
                        }
                    }
                    default -> {
                        runnable = false;
                        reason = reasonNotRunnable();
                    }
                }
            }
            return new FileAssessment(path, kind, executable, pickles, complete, runnable, reason, notes);
        }

        private String reasonNotRunnable() {
            return switch (kind) {
                case PYTHON_SOURCE -> "Python raster function: imported by ArcGIS, never run by RasterHub";
                case PYTHON_BYTECODE -> "compiled Python: run by ArcGIS's Python, never by RasterHub, "
                        + "and it cannot be reviewed as source";
                case PICKLE -> "Python pickle: RasterHub never unpickles; opening it in Python runs the imports "
                        + "it names";
                case PYTORCH_PICKLE_ARCHIVE -> "pickled PyTorch weights: RasterHub never unpickles; export the "
                        + "model to ONNX (torch.onnx.export) or TorchScript (torch.jit.script/trace) and upload that";
                case SAFETENSORS -> "safetensors: weights only, with no code and no network graph; export the "
                        + "model to ONNX (torch.onnx.export) to run it here";
                case KERAS_H5 -> lambdaLayer
                        ? "Keras HDF5 with a Lambda layer, Python bytecode that Keras runs on loading: no engine "
                                + "here; convert with tf2onnx"
                        : "Keras HDF5: no engine here; convert with tf2onnx";
                case TENSORFLOW_PB -> "TensorFlow graph: no engine here; convert with tf2onnx";
                case CNTK -> "CNTK model: no engine here; save it as ONNX from CNTK (format=C.ModelFormat.ONNX)";
                case EMD -> "model definition: read as JSON, never run";
                case IMAGE -> "image: not a model";
                case HTML -> "HTML page: not a model";
                case OTHER -> otherReason != null ? otherReason : "not a model file RasterHub recognises";
                case ONNX, TORCHSCRIPT -> throw new AssertionError(kind + " has its own verdict");
            };
        }
    }
}
