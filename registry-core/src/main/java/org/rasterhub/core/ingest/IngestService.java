package org.rasterhub.core.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.rasterhub.core.catalog.Catalog;
import org.rasterhub.core.codescan.FileKind;
import org.rasterhub.core.codescan.FileAssessment;
import org.rasterhub.core.codescan.PackageFileScanner;
import org.rasterhub.core.catalog.CatalogItem;
import org.rasterhub.core.catalog.ItemId;
import org.rasterhub.core.catalog.ItemNotFoundException;
import org.rasterhub.core.catalog.ItemVersion;
import org.rasterhub.core.catalog.PackageFile;
import org.rasterhub.core.emd.InvalidModelDefinitionException;
import org.rasterhub.core.emd.ModelDefinition;
import org.rasterhub.core.emd.ModelDefinitionReader;
import org.rasterhub.core.storage.BlobStore;
import org.rasterhub.core.storage.ContentHash;
import org.rasterhub.core.storage.DataFolder;

/**
 * Accepts an uploaded package: stage while hashing, inspect and extract into the upload's staging
 * folder, check the model definition against the files, store package and members content-addressed,
 * register in the catalog. The one code path behind the upload form and the REST API. Whatever
 * fails, the staging folder is removed and no blob or row of this upload remains.
 *
 * <p>Two phases, so that a slow transfer never holds a database connection: {@link #stage} receives,
 * hashes and checks the package with no database at all (a service built without a catalog does only
 * this); {@link #registerNewItem(StagedPackage, String)} and {@link #registerNewVersion} then write
 * the rows and store the blobs, in the caller's short transaction.
 */
public final class IngestService {
    private static final System.Logger LOG = System.getLogger(IngestService.class.getName());

    private final DataFolder dataFolder;
    private final PackageInspector inspector;
    private final ModelDefinitionReader reader;
    private final PackageFileScanner scanner;
    private final BlobStore blobs;
    private final Catalog catalog;
    private final long maxPackageBytes;
    private final ModelContractJudge judge;

    public IngestService(DataFolder dataFolder, PackageInspector inspector, ModelDefinitionReader reader,
                         PackageFileScanner scanner, BlobStore blobs, Catalog catalog, long maxPackageBytes) {
        this(dataFolder, inspector, reader, scanner, blobs, catalog, maxPackageBytes, ModelContractJudge.NONE);
    }

    private IngestService(DataFolder dataFolder, PackageInspector inspector, ModelDefinitionReader reader,
                          PackageFileScanner scanner, BlobStore blobs, Catalog catalog, long maxPackageBytes,
                          ModelContractJudge judge) {
        this.judge = judge;
        this.dataFolder = dataFolder;
        this.inspector = inspector;
        this.reader = reader;
        this.scanner = scanner;
        this.blobs = blobs;
        this.catalog = catalog;
        this.maxPackageBytes = maxPackageBytes;
    }

    /** The same service registering into another catalog (another transaction's entity manager). */
    public IngestService withCatalog(Catalog otherCatalog) {
        return new IngestService(dataFolder, inspector, reader, scanner, blobs, otherCatalog, maxPackageBytes, judge);
    }

    /** The same service judging each ONNX model file against its definition at upload. */
    public IngestService withContractJudge(ModelContractJudge contractJudge) {
        return new IngestService(dataFolder, inspector, reader, scanner, blobs, catalog, maxPackageBytes,
                contractJudge);
    }

    /**
     * A package received and checked in its own staging folder; nothing is stored or registered yet.
     * Close it to remove the folder (registering moves what it keeps into the blob store first).
     */
    public static final class StagedPackage implements AutoCloseable {
        private final String uploadName;
        private final ItemVersion.Draft draft;
        private final Path staging;

        private StagedPackage(String uploadName, ItemVersion.Draft draft, Path staging) {
            this.uploadName = uploadName;
            this.draft = draft;
            this.staging = staging;
        }

        /** The file's name as the user gave it, last path segment only. */
        public String uploadName() {
            return uploadName;
        }

        /** What the version will record: hashes, model definition, files, warnings. */
        public ItemVersion.Draft draft() {
            return draft;
        }

        @Override
        public void close() throws IOException {
            DataFolder.deleteTree(staging);
        }
    }

    /**
     * Receives, hashes and checks a package into a staging folder under the data folder's {@code tmp/};
     * no database is used. The caller closes the result.
     *
     * @param content  the upload; read to the end, not closed
     * @param fileName the name the user gave the file (only its last path segment is used)
     * @param sizeHint the announced size in bytes for progress, or -1
     * @throws PackageRejectedException when the package is refused; nothing was kept
     * @throws IOException when the data folder cannot be written, or the upload ended early; nothing was kept
     */
    public StagedPackage stage(InputStream content, String fileName, long sizeHint, Progress progress)
            throws PackageRejectedException, IOException {
        String uploadName = baseName(fileName);
        Path staging = Files.createTempDirectory(dataFolder.tmp(), "upload-");
        try {
            return new StagedPackage(uploadName, check(content, uploadName, sizeHint, staging, progress), staging);
        } catch (PackageRejectedException e) {
            LOG.log(Level.INFO, "ingest rejected file=\"{0}\" reason={1} problems={2} first=\"{3}\"",
                    uploadName, e.reason().code(), e.problems().size(), e.problems().get(0));
            DataFolder.deleteTree(staging);
            throw e;
        } catch (IOException | RuntimeException | Error e) {
            DataFolder.deleteTree(staging);
            throw e;
        }
    }

    /** Registers a staged package as a new item titled after its file name, and stores its blobs. */
    public CatalogItem registerNewItem(StagedPackage staged, String owner) throws IOException {
        return register(staged, owner, (uploadName, draft) -> catalog.registerNewItem(titleOf(uploadName), owner,
                draft));
    }

    /**
     * Registers a staged package as the next version of an item, and stores its blobs.
     *
     * @throws ItemNotFoundException when there is no such item (any more)
     */
    public ItemVersion registerNewVersion(ItemId item, StagedPackage staged, String uploader) throws IOException {
        catalog.find(item).orElseThrow(() -> new ItemNotFoundException(item));
        return register(staged, uploader, (uploadName, draft) -> catalog.registerVersion(item, draft));
    }

    private <T> T register(StagedPackage staged, String uploader, BiFunction<String, ItemVersion.Draft, T> register)
            throws IOException {
        ItemVersion.Draft draft = staged.draft();
        // Rows first, blobs second: if registering fails, no blob was touched, so nothing has to be
        // deleted that a concurrent upload of the same bytes might just have started to use. If
        // storing fails, store() removes only the blobs this upload created and the rows roll back.
        T registered = register.apply(staged.uploadName(), draft);
        store(draft, staged.staging);
        LOG.log(Level.INFO, "ingest accepted file=\"{0}\" sha256={1} bytes={2} files={3} uploader={4}",
                staged.uploadName(), draft.sha256(), draft.sizeBytes(), draft.files().size(), uploader);
        return registered;
    }

    /**
     * Ingests a package as a new catalog item titled after the file name.
     *
     * @param content   the upload; read to the end, not closed
     * @param fileName  the name the user gave the file (only its last path segment is used)
     * @param sizeHint  the announced size in bytes for progress, or -1
     * @throws PackageRejectedException when the package is refused; nothing was stored
     * @throws IOException when the data folder cannot be written; nothing was stored
     */
    public CatalogItem ingestNewItem(InputStream content, String fileName, long sizeHint, String owner,
                                     Progress progress) throws PackageRejectedException, IOException {
        try (StagedPackage staged = stage(content, fileName, sizeHint, progress)) {
            progress.update("storing", staged.draft().sizeBytes(), staged.draft().sizeBytes());
            return registerNewItem(staged, owner);
        }
    }

    /**
     * Ingests a package as the next version of an existing item; earlier versions are kept.
     *
     * @throws ItemNotFoundException before reading the upload, when there is no such item
     * @throws PackageRejectedException when the package is refused; nothing was stored
     */
    public ItemVersion ingestNewVersion(ItemId item, InputStream content, String fileName, long sizeHint,
                                        String uploader, Progress progress)
            throws PackageRejectedException, IOException {
        catalog.find(item).orElseThrow(() -> new ItemNotFoundException(item));
        try (StagedPackage staged = stage(content, fileName, sizeHint, progress)) {
            progress.update("storing", staged.draft().sizeBytes(), staged.draft().sizeBytes());
            return registerNewVersion(item, staged, uploader);
        }
    }

    /** Stages, inspects and checks the package; nothing outside {@code staging} is written. */
    private ItemVersion.Draft check(InputStream content, String uploadName, long sizeHint, Path staging,
                                    Progress progress) throws PackageRejectedException, IOException {
        Path packageFile = staging.resolve("package");
        ChecksummingWriter.Sums sums;
        long size;
        ExecutorService worker = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "rasterhub-upload-writer");
            thread.setDaemon(true);
            return thread;
        });
        try (ChecksummingWriter writer = new ChecksummingWriter(packageFile, worker, false, false, true)) {
            size = receive(content, writer, uploadName, sizeHint, progress);
            sums = writer.finish();
        } finally {
            worker.shutdownNow();
        }
        if (size == 0) {
            throw Finding.of(RejectionReason.EMPTY_UPLOAD, uploadName, "the upload has no bytes").reject();
        }
        // Force the staged package to disk while the archive is checked: the disk works while the CPU
        // inflates, and the blob store's own fsync before its rename finds nothing left to write.
        CompletableFuture<Void> flushed = CompletableFuture.runAsync(() -> forceQuietly(packageFile));
        Path members = Files.createDirectory(staging.resolve("members"));
        PackageContents contents;
        try {
            contents = inspector.inspect(packageFile, uploadName, members, progress);
        } finally {
            flushed.join();
        }
        progress.update("checking the model definition", 0, -1);
        ModelDefinition definition = readDefinition(contents);
        progress.update("scanning for executable code", 0, -1);
        List<String> warnings = new ArrayList<>(contents.warnings());
        List<PackageFile> files = scan(contents, definition, warnings);
        progress.update("reading the model file's inputs and outputs", 0, -1);
        ModelContractJudge.Judgement contract = judgeModel(contents, definition, files);
        warnings.addAll(contract.problems());
        return new ItemVersion.Draft(sums.sha256(), size, uploadName, contents.emdPath(), definition,
                files, warnings, contract.contractJson());
    }

    // Only an ONNX model file is read: it describes its own inputs and outputs.
    private ModelContractJudge.Judgement judgeModel(PackageContents contents, ModelDefinition definition,
                                                    List<PackageFile> files) {
        String modelFile = definition.modelFile().map(m -> PackagePaths.resolveBeside(contents.emdPath(), m))
                .orElse(null);
        boolean onnx = files.stream().anyMatch(f -> f.path().equals(modelFile)
                && f.kind().filter(FileKind.ONNX.label()::equals).isPresent());
        return !onnx ? ModelContractJudge.Judgement.UNREAD : contents.entries().stream()
                .filter(e -> e.path().equals(modelFile)).findFirst()
                .map(e -> judge.judge(definition, modelFile, e.staged())).orElse(ModelContractJudge.Judgement.UNREAD);
    }

    /**
     * Says what each file is without running it. Pickles that would import system or eval-like
     * functions are refused; other code is stored inert and named in a warning.
     */
    private List<PackageFile> scan(PackageContents contents, ModelDefinition definition, List<String> warnings)
            throws IOException, PackageRejectedException {
        List<PackageFile> files = new ArrayList<>();
        List<IngestProblem> dangerous = new ArrayList<>();
        List<String> executables = new ArrayList<>();
        String modelFile = definition.modelFile()
                .map(m -> PackagePaths.resolveBeside(contents.emdPath(), m)).orElse(null);
        for (PackageEntry entry : contents.entries()) {
            FileAssessment assessment = scanner.assess(entry.path(), entry.staged());
            if (!assessment.dangerousImports().isEmpty()) {
                dangerous.add(IngestProblem.inFile(entry.path(), "its pickled data would import or call "
                        + shortList(assessment.dangerousImports()) + " when loaded, which can run any command; "
                        + "RasterHub refuses such files and stored nothing"));
            } else if (!assessment.scanComplete() && isPickled(assessment.kind())) {
                // Python runs a pickle's opcodes until the one it cannot read: unread is unsafe.
                dangerous.add(IngestProblem.inFile(entry.path(), "its pickled data could not be scanned to the end ("
                        + String.join("; ", assessment.notes()) + "); loading it could run code RasterHub did not "
                        + "see, so it refuses such files and stored nothing"));
            }
            if (!assessment.unknownImports().isEmpty()) {
                warnings.add(entry.path() + ": its pickled data imports names RasterHub does not know to be safe ("
                        + shortList(assessment.unknownImports()) + ")");
            }
            if (!assessment.scanComplete()) {
                warnings.add(entry.path() + ": could not be scanned completely (" + String.join("; ",
                        assessment.notes()) + ")");
            }
            if (assessment.executable()) {
                executables.add(entry.path() + " (" + assessment.kind().label() + ")");
            }
            if (entry.path().equals(modelFile) && !assessment.runnableHere()) {
                warnings.add("the model file cannot run here: " + assessment.reason());
            }
            files.add(new PackageFile(entry.path(), entry.size(), entry.sha256(), assessment.kind().label(),
                    assessment.executable(), assessment.runnableHere(), assessment.reason(), assessment.imports()));
        }
        if (!dangerous.isEmpty()) {
            throw new PackageRejectedException(RejectionReason.DANGEROUS_CODE, dangerous);
        }
        if (!executables.isEmpty()) {
            warnings.add("executable code, stored inert and never run by RasterHub: " + String.join(", ", executables));
        }
        return files;
    }

    private static boolean isPickled(FileKind kind) {
        return kind == FileKind.PICKLE || kind == FileKind.PYTORCH_PICKLE_ARCHIVE || kind == FileKind.TORCHSCRIPT;
    }

    private static void forceQuietly(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        } catch (IOException e) {
            // the blob store forces the file again before it is stored, and reports a failure then
        }
    }

    private static String shortList(List<String> names) {
        return names.size() <= 5 ? String.join(", ", names)
                : String.join(", ", names.subList(0, 5)) + " and " + (names.size() - 5) + " more";
    }

    /** Moves the package and its members into the blob store; returns the blobs that are new. */
    private List<ContentHash> store(ItemVersion.Draft draft, Path staging) throws IOException {
        List<ContentHash> created = new ArrayList<>();
        try {
            if (blobs.put(staging.resolve("package"), draft.sha256())) {
                created.add(draft.sha256());
            }
            List<PackageFile> files = draft.files();
            for (int i = 0; i < files.size(); i++) {
                Path staged = staging.resolve("members").resolve(String.format(Locale.ROOT, "member-%05d", i));
                ContentHash hash = files.get(i).sha256();
                if (Files.exists(staged) && blobs.put(staged, hash)) {
                    created.add(hash);
                }
            }
            return created;
        } catch (IOException | RuntimeException e) {
            for (ContentHash hash : created) {
                blobs.delete(hash);
            }
            throw e;
        }
    }

    private ModelDefinition readDefinition(PackageContents contents) throws PackageRejectedException {
        String emdPath = contents.emdPath();
        try {
            return reader.read(contents.emdBytes(), PackagePaths.besideModelDefinition(contents));
        } catch (InvalidModelDefinitionException e) {
            List<IngestProblem> problems = e.problems().stream()
                    .map(p -> new IngestProblem(emdPath, p.jsonPath(), p.line(), p.column(), p.message()))
                    .toList();
            throw new PackageRejectedException(RejectionReason.INVALID_MODEL_DEFINITION, problems);
        }
    }

    /** Copies the upload into the writer (which hashes and writes on its own thread), enforcing the size cap. */
    private long receive(InputStream in, ChecksummingWriter writer, String uploadName, long sizeHint,
                         Progress progress) throws IOException, PackageRejectedException {
        long total = 0;
        long reported = 0;
        while (true) {
            byte[] buffer = writer.buffer();
            int filled = in.readNBytes(buffer, 0, buffer.length);
            if (filled == 0) {
                return total;
            }
            total += filled;
            if (total > maxPackageBytes) {
                throw Finding.of(RejectionReason.TOO_LARGE, uploadName, "larger than the limit of "
                        + maxPackageBytes + " bytes; stopped while receiving, nothing was stored").reject();
            }
            writer.submit(buffer, filled);
            if (total - reported >= (1 << 20)) {
                progress.update("receiving", total, sizeHint);
                reported = total;
            }
            if (filled < buffer.length) {
                return total;
            }
        }
    }

    /** The last segment of a path that a browser or client may send with either separator. */
    static String baseName(String fileName) {
        if (fileName == null || fileName.isBlank()) {
            return "package.dlpk";
        }
        String name = fileName.substring(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1);
        name = name.replaceAll("\\p{Cntrl}", "").strip();
        if (name.isEmpty()) {
            return "package.dlpk";
        }
        return name.length() > 255 ? name.substring(0, 255) : name;
    }

    /** "Land_Cover.dlpk" becomes "Land_Cover": the file name, less a package extension. */
    static String titleOf(String uploadName) {
        String lower = uploadName.toLowerCase(Locale.ROOT);
        String title = uploadName;
        for (String extension : new String[] {".dlpk", ".zip"}) {
            if (lower.endsWith(extension) && uploadName.length() > extension.length()) {
                title = uploadName.substring(0, uploadName.length() - extension.length());
            }
        }
        return title.length() > CatalogItem.MAX_TITLE_LENGTH
                ? title.substring(0, CatalogItem.MAX_TITLE_LENGTH) : title;
    }
}
