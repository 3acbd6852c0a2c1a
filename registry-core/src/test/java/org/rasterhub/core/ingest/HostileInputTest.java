package org.rasterhub.core.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rasterhub.core.testing.TestPackages.LAND_COVER_EMD;
import static org.rasterhub.core.testing.TestPackages.aPackage;

import jakarta.persistence.EntityManager;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.EnumSet;
import org.rasterhub.core.codescan.Engine;
import org.rasterhub.core.codescan.PackageFileScanner;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.rasterhub.core.catalog.Catalog;
import org.rasterhub.core.catalog.CatalogItem;
import org.rasterhub.core.emd.ModelDefinitionReader;
import org.rasterhub.core.storage.BlobStore;
import org.rasterhub.core.storage.DataFolder;
import org.rasterhub.core.testing.TestDatabase;
import org.rasterhub.core.testing.ZipSurgery;

/**
 * Every hostile or broken archive we know of, built in code, through the whole ingest path: each
 * gets its own error code naming the entry, and leaves the data folder and database as they were.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileInputTest {
    private static final PackageFileScanner ONNX_ONLY = new PackageFileScanner(EnumSet.of(Engine.ONNX_RUNTIME));
    private static final byte[] ONNX = {8, 8, 18, 4, 't', 'e', 's', 't'};

    @TempDir static Path tmp;
    private TestDatabase database;
    private DataFolder dataFolder;
    private BlobStore blobs;

    @BeforeAll
    void setUp() {
        database = new TestDatabase(tmp.resolve("db"));
        dataFolder = new DataFolder(tmp.resolve("data")).create();
        blobs = new BlobStore(dataFolder);
    }

    @AfterAll
    void tearDown() {
        database.close();
    }

    @AfterEach
    void nothingWasLeftBehind() throws IOException {
        assertEquals(List.of(), filesUnder(dataFolder.root()), "the data folder must be as it was");
        try (Stream<Path> left = Files.list(dataFolder.tmp())) {
            assertEquals(0, left.count(), "no staging folder may remain");
        }
        assertEquals(0, database.rows("catalog_item"));
        assertEquals(0, database.rows("item_version"));
        assertEquals(0, database.rows("package_file"));
    }

    // --- 1. traversal and names -------------------------------------------------------------

    @Test
    void parentTraversalIsRefused() throws IOException {
        assertRefused(withEntry("../x"), RejectionReason.UNSAFE_ENTRY_NAME, "../x", "leaves the package root");
    }

    @Test
    void traversalThroughASubfolderIsRefused() throws IOException {
        assertRefused(withEntry("a/../../x"), RejectionReason.UNSAFE_ENTRY_NAME, "a/../../x", "leaves the package root");
    }

    @Test
    void absolutePathsAreRefused() throws IOException {
        assertRefused(withEntry("/etc/x"), RejectionReason.UNSAFE_ENTRY_NAME, "/etc/x", "absolute path");
        assertRefused(withEntry("C:\\x"), RejectionReason.UNSAFE_ENTRY_NAME, "C:\\x", "absolute path");
    }

    @Test
    void backslashTraversalIsRefused() throws IOException {
        assertRefused(withEntry("..\\x"), RejectionReason.UNSAFE_ENTRY_NAME, "..\\x", "leaves the package root");
    }

    @Test
    void controlCharactersInNamesAreRefused() throws IOException {
        assertRefused(withEntry("model\u0000.onnx"), RejectionReason.UNSAFE_ENTRY_NAME, "model\\u0000.onnx",
                "control character U+0000");
        assertRefused(withEntry("a\nb"), RejectionReason.UNSAFE_ENTRY_NAME, "a\\u000ab", "control character U+000A");
    }

    @Test
    void aNameOfThreeHundredCharactersIsRefused() throws IOException {
        String name = "m".repeat(300) + ".onnx";
        var e = assertRefused(withEntry(name), RejectionReason.ENTRY_NAME_TOO_LONG, null, "the limit is 255");
        assertTrue(e.problems().get(0).file().length() < 100, "the name is cut short in the message");
    }

    // --- 2. symbolic links and duplicates ------------------------------------------------------

    @Test
    void symbolicLinksAreRefused() throws IOException {
        ZipSurgery zip = validPackage();
        zip.add("weights.bin", "/etc/passwd").unixMode = 0120777;
        assertRefused(zip.bytes(), RejectionReason.SYMBOLIC_LINK, "weights.bin", "symbolic links are not allowed");
    }

    @Test
    void theSameNameTwiceIsRefused() throws IOException {
        ZipSurgery zip = validPackage();
        zip.add("land_cover.onnx", "second copy");
        assertRefused(zip.bytes(), RejectionReason.DUPLICATE_ENTRY, "land_cover.onnx", "holds this name twice");
    }

    @Test
    void namesDifferingOnlyByCaseAreRefused() throws IOException {
        ZipSurgery zip = validPackage();
        zip.add("Land_Cover.ONNX", "other");
        assertRefused(zip.bytes(), RejectionReason.DUPLICATE_ENTRY, "Land_Cover.ONNX", "the same file as");
    }

    @Test
    void namesDifferingOnlyByUnicodeNormalisationAreRefused() throws IOException {
        ZipSurgery zip = validPackage();
        zip.add("caf\u00e9.txt", "composed");
        zip.add("cafe\u0301.txt", "decomposed");
        assertRefused(zip.bytes(), RejectionReason.DUPLICATE_ENTRY, "cafe\u0301.txt", "the same file as");
    }

    // --- 3. headers that disagree, overlaps, extra data ----------------------------------------

    @Test
    void aLocalHeaderNamingAnotherFileIsRefused() throws IOException {
        ZipSurgery zip = validPackage();
        zip.add("readme.txt", "hello").localName = "evil.exe!";
        assertRefused(zip.bytes(), RejectionReason.INCONSISTENT_ARCHIVE, "readme.txt",
                "local header disagrees with the central directory: name \"evil.exe!\"");
    }

    @Test
    void aLocalHeaderWithOtherSizesIsRefused() throws IOException {
        ZipSurgery zip = validPackage();
        ZipSurgery.Entry entry = zip.add("readme.txt", "hello, world");
        byte[] bytes = zip.bytes();
        // Patch the local header's uncompressed size (offset 22) only; the central directory keeps 12.
        int at = zip.offsetOf(entry) + 22;
        bytes[at] = 99;
        assertRefused(bytes, RejectionReason.INCONSISTENT_ARCHIVE, "readme.txt", "size 99 instead of 12");
    }

    @Test
    void overlappingEntriesAreRefused() throws IOException {
        ZipSurgery zip = validPackage();
        ZipSurgery.Entry first = zip.add("a.bin", "shared bytes");
        ZipSurgery.Entry second = zip.add("b.bin", "shared bytes");
        second.localHeaderOffsetOverride = zip.offsetOf(first);
        second.localName = first.localName;
        var e = assertRefused(zip.bytes(), RejectionReason.INCONSISTENT_ARCHIVE, null, null);
        assertTrue(e.problems().stream().anyMatch(p -> p.message().contains("overlap")), e.problems().toString());
    }

    @Test
    void dataBeyondTheDeclaredSizeIsRefused() throws IOException {
        ZipSurgery zip = validPackage();
        ZipSurgery.Entry entry = zip.add("weights.bin", "x".repeat(5000));
        entry.size = 100; // both headers now claim 100 bytes; the deflated stream holds 5000
        assertRefused(zip.bytes(), RejectionReason.INCONSISTENT_ARCHIVE, "weights.bin",
                "holds more data than its declared size of 100 bytes");
    }

    @Test
    void aWrongCrcIsRefused() throws IOException {
        ZipSurgery zip = validPackage();
        zip.add("weights.bin", "real data").crc = 12345;
        assertRefused(zip.bytes(), RejectionReason.INCONSISTENT_ARCHIVE, "weights.bin", "corrupt or tampered with");
    }

    // --- 4. bombs ----------------------------------------------------------------------------

    @Test
    void aGigabyteOfZerosIsStoppedWhileInflating() throws IOException {
        ZipSurgery zip = validPackage();
        zip.addDeflatedZeros("weights.bin", 1L << 30);
        var e = assertRefused(zip.bytes(), RejectionReason.COMPRESSION_BOMB, "weights.bin",
                "stopped while inflating");
        long inflated = Long.parseLong(e.problems().get(0).message().replaceAll(".* gave (\\d+) and counting.*", "$1"));
        assertTrue(inflated < (16L << 20), "stopped after " + inflated + " bytes, long before 1 GiB");
    }

    @Test
    void theTotalSizeCapStopsInflating() throws IOException {
        byte[] bytes = aPackage().withFile("weights.bin", randomBytes(200_000)).bytes();
        IngestService capped = service(new PackageInspector(ArchiveLimits.defaults().withMaxTotalBytes(100_000)));
        var e = assertThrows(PackageRejectedException.class, () -> ingest(capped, bytes, "big.dlpk"));
        assertEquals(RejectionReason.TOO_LARGE, e.reason());
        assertTrue(e.problems().get(0).message().contains("expands beyond 100000 bytes"), e.getMessage());
    }

    @Test
    void oneHundredThousandEmptyEntriesAreRefusedByCount() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(out)) {
            put(zip, "model.emd", LAND_COVER_EMD.getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i < 100_000; i++) {
                zip.putArchiveEntry(new ZipArchiveEntry("e" + i));
                zip.closeArchiveEntry();
            }
        }
        assertRefused(out.toByteArray(), RejectionReason.TOO_MANY_ENTRIES, "hostile.dlpk",
                "lists 100001 entries; the limit is 1000");
    }

    // --- 5. encryption, methods, nested archives -------------------------------------------------

    @Test
    void encryptedEntriesAreRefused() throws IOException {
        ZipSurgery zip = validPackage();
        zip.add("secret.bin", "xx").flags = 0x0001;
        assertRefused(zip.bytes(), RejectionReason.ENCRYPTED_ENTRY, "secret.bin", "encrypted");
    }

    @Test
    void unreadableCompressionMethodsAreRefused() throws IOException {
        ZipSurgery zip = validPackage();
        zip.add("weights.bin", "xx").method = 99;
        assertRefused(zip.bytes(), RejectionReason.UNSUPPORTED_COMPRESSION, "weights.bin", "compression method 99");
    }

    // --- 6. not a zip ------------------------------------------------------------------------------

    @Test
    void textIsNotAPackage() throws IOException {
        assertRefused("just text".getBytes(), RejectionReason.NOT_A_ZIP, "hostile.dlpk", "not a valid package");
    }

    @Test
    void aTruncatedArchiveIsNotAPackage() throws IOException {
        byte[] whole = aPackage().bytes();
        assertRefused(Arrays.copyOf(whole, whole.length / 2), RejectionReason.NOT_A_ZIP, "hostile.dlpk",
                "not a valid package");
    }

    @Test
    void anArchiveWithoutItsEndRecordIsNotAPackage() throws IOException {
        byte[] whole = aPackage().bytes();
        assertRefused(Arrays.copyOf(whole, whole.length - 22), RejectionReason.NOT_A_ZIP, "hostile.dlpk",
                "not a valid package");
    }

    // --- the model definition ------------------------------------------------------------------------

    @Test
    void aModelFileThatIsNotInThePackageIsRefused() throws IOException {
        byte[] bytes = aPackage().withEmd(LAND_COVER_EMD.replace("land_cover.onnx", ".\\\\unet.pt")).bytes();
        var e = assertRefused(bytes, RejectionReason.INVALID_MODEL_DEFINITION, "land_cover.emd",
                "\".\\unet.pt\" is not in the package (files: land_cover.onnx, land_cover.emd)");
        assertEquals("/ModelFile", e.problems().get(0).jsonPath());
        assertEquals(4, e.problems().get(0).line(), "the line where ModelFile's value stands");
    }

    @Test
    void aModelFileOutsideThePackageIsAnErrorNamingTheKeyNotClampedToTheRoot() throws IOException {
        byte[] bytes = aPackage().withEmd(LAND_COVER_EMD.replace("\"land_cover.onnx\"", "\"../land_cover.onnx\""))
                .bytes();
        var e = assertRefused(bytes, RejectionReason.INVALID_MODEL_DEFINITION, "land_cover.emd",
                "\"../land_cover.onnx\" leaves the package; ModelFile must name a file inside it");
        assertEquals("/ModelFile", e.problems().get(0).jsonPath());
    }

    @Test
    void anAbsoluteModelFileIsAnError() throws IOException {
        byte[] bytes = aPackage().withEmd(LAND_COVER_EMD.replace("\"land_cover.onnx\"", "\"/land_cover.onnx\""))
                .bytes();
        assertRefused(bytes, RejectionReason.INVALID_MODEL_DEFINITION, "land_cover.emd", "leaves the package");
    }

    @Test
    void invalidUtf8InTheModelDefinitionIsRefusedWithLineAndColumn() throws IOException {
        byte[] emd = LAND_COVER_EMD.replace("Forest", "For@st").getBytes(StandardCharsets.UTF_8);
        int at = new String(emd, StandardCharsets.ISO_8859_1).indexOf('@');
        emd[at] = (byte) 0xe9;   // Latin-1 é: not UTF-8
        byte[] bytes = aPackage().withoutEmd().withFile("land_cover.emd", emd).bytes();
        var e = assertRefused(bytes, RejectionReason.INVALID_MODEL_DEFINITION, "land_cover.emd",
                "invalid UTF-8 at byte " + at + " (0xe9)");
        String before = new String(emd, 0, at, StandardCharsets.US_ASCII);
        assertEquals(before.split("\n", -1).length, e.problems().get(0).line());
        assertEquals(before.length() - before.lastIndexOf('\n'), e.problems().get(0).column());
    }

    @Test
    void aPythonRasterFunctionThatIsNotInThePackageIsRefused() throws IOException {
        String emd = LAND_COVER_EMD.replace("\"ModelType\"", "\"InferenceFunction\": \"LandCover.py\",\n  \"ModelType\"");
        assertRefused(aPackage().withEmd(emd).bytes(), RejectionReason.INVALID_MODEL_DEFINITION, "land_cover.emd",
                "\"LandCover.py\" is not in the package");
    }

    @Test
    void aBuiltInRasterFunctionNeedsNoFile() throws Exception {
        String emd = LAND_COVER_EMD.replace("\"ModelType\"",
                "\"InferenceFunction\": \"[Functions]System\\\\DeepLearning\\\\ArcGISLearn\\\\ImageClassifier.py\",\n  \"ModelType\"");
        ingest(service(new PackageInspector()), aPackage().withEmd(emd).bytes(), "builtin.dlpk");
        cleanUp();
    }

    @Test
    void aTenThousandDeepModelDefinitionIsRefused() throws IOException {
        String deep = "{\"ModelType\": \"A\", \"x\": " + "[".repeat(10_000) + "]".repeat(10_000) + "}";
        assertRefused(aPackage().withEmd(deep).bytes(), RejectionReason.INVALID_MODEL_DEFINITION, "land_cover.emd",
                "nesting depth");
    }

    @Test
    void aFiftyMegabyteStringIsRefused() throws IOException {
        String huge = "{\"ModelType\": \"" + "a".repeat(50 << 20) + "\"}";
        assertRefused(aPackage().withEmd(huge).bytes(), RejectionReason.TOO_LARGE, "land_cover.emd",
                "the limit is " + ModelDefinitionReader.MAX_EMD_BYTES);
    }

    @Test
    void aTwoThousandDigitNumberIsRefused() throws IOException {
        String big = LAND_COVER_EMD.replace("\"ImageHeight\": 256", "\"ImageHeight\": " + "9".repeat(2000));
        assertRefused(aPackage().withEmd(big).bytes(), RejectionReason.INVALID_MODEL_DEFINITION, "land_cover.emd",
                "Number value length");
    }

    // --- model files are code -------------------------------------------------------------------------

    @Test
    void aPickleThatWouldRunASystemCommandIsRefused() throws IOException {
        byte[] evil = "cos\nsystem\n(S'echo pwned'\ntR.".getBytes(StandardCharsets.US_ASCII);
        byte[] bytes = aPackage().withFile("weights.pth", evil).bytes();
        assertRefused(bytes, RejectionReason.DANGEROUS_CODE, "weights.pth", "would import or call os.system when loaded");
    }

    @Test
    void aPickleThatComputesTheModuleItImportsIsRefused() throws IOException {
        // str(b"os", "latin1") and str(b"system", "latin1") feeding STACK_GLOBAL, then a call of the result.
        byte[] evil = {(byte) 0x80, 4,
            (byte) 0x8c, 8, 'b', 'u', 'i', 'l', 't', 'i', 'n', 's', (byte) 0x8c, 3, 's', 't', 'r', (byte) 0x93,
            'C', 2, 'o', 's', (byte) 0x8c, 6, 'l', 'a', 't', 'i', 'n', '1', (byte) 0x86, 'R',
            (byte) 0x8c, 8, 'b', 'u', 'i', 'l', 't', 'i', 'n', 's', (byte) 0x8c, 3, 's', 't', 'r', (byte) 0x93,
            'C', 6, 's', 'y', 's', 't', 'e', 'm', (byte) 0x8c, 6, 'l', 'a', 't', 'i', 'n', '1', (byte) 0x86, 'R',
            (byte) 0x93, (byte) 0x8c, 2, 'i', 'd', (byte) 0x85, 'R', '.'};
        byte[] bytes = aPackage().withFile("weights.pth", evil).bytes();
        assertRefused(bytes, RejectionReason.DANGEROUS_CODE, "weights.pth", "unresolved import at byte");
    }

    @Test
    void aPickleNamedAsTextIsScannedByItsContent() throws IOException {
        byte[] evil = "cos\nsystem\n(S'echo pwned'\ntR.".getBytes(StandardCharsets.US_ASCII);
        byte[] bytes = aPackage().withFile("notes.txt", evil).bytes();
        assertRefused(bytes, RejectionReason.DANGEROUS_CODE, "notes.txt", "would import or call os.system");
    }

    @Test
    void aPickleThatCannotBeScannedToTheEndIsRefused() throws IOException {
        // Python would run os.system before it reached the opcode it cannot read.
        byte[] evil = "cos\nsystem\n(S'echo pwned'\ntR\u00ff.".getBytes(StandardCharsets.ISO_8859_1);
        byte[] bytes = aPackage().withFile("weights.pkl", evil).bytes();
        assertRefused(bytes, RejectionReason.DANGEROUS_CODE, "weights.pkl", "could not be scanned to the end");
    }

    @Test
    void pythonCodeIsAcceptedInertAndNamedAsExecutable() throws Exception {
        byte[] bytes = aPackage().withFile("LandCover.py", "import arcpy\nclass LandCover: pass\n").bytes();
        CatalogItem item = ingest(service(new PackageInspector()), bytes, "with_code.dlpk");
        var files = item.latestVersion().files();
        var python = files.stream().filter(f -> f.path().equals("LandCover.py")).findFirst().orElseThrow();
        assertTrue(python.executable());
        assertTrue(python.assessment().orElseThrow().contains("never run by RasterHub"), python.assessment().get());
        var onnx = files.stream().filter(f -> f.path().equals("land_cover.onnx")).findFirst().orElseThrow();
        assertTrue(onnx.runnableHere(), onnx.assessment().orElse(""));
        assertTrue(item.latestVersion().warnings().stream().anyMatch(w -> w.startsWith(
                "executable code, stored inert and never run by RasterHub: LandCover.py")),
                item.latestVersion().warnings().toString());
        cleanUp();
    }

    // --- accepted, though odd ----------------------------------------------------------------------

    @Test
    void twentyConcurrentUploadsOfTheSameBytesAllSucceedAndStoreTheBytesOnce() throws Exception {
        byte[] bytes = aPackage().bytes();
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            List<Callable<CatalogItem>> uploads = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                uploads.add(() -> ingest(service(new PackageInspector()), bytes, "same.dlpk"));
            }
            for (Future<CatalogItem> done : pool.invokeAll(uploads)) {
                done.get();
            }
        } finally {
            pool.shutdown();
        }
        assertEquals(20, database.rows("catalog_item"));
        assertEquals(3, filesUnder(dataFolder.blobs()).size(), "package + 2 members, each stored once");
        cleanUp();
    }

    @Test
    void aPackageWithItsFilesInOneTopFolderIsAcceptedWithAWarning() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(out)) {
            put(zip, "land_cover/", new byte[0]);
            put(zip, "land_cover/land_cover.emd", LAND_COVER_EMD.getBytes(StandardCharsets.UTF_8));
            put(zip, "land_cover/land_cover.onnx", ONNX);
        }
        CatalogItem item = ingest(service(new PackageInspector()), out.toByteArray(), "folder.zip");
        assertEquals("land_cover/land_cover.emd", item.latestVersion().emdPath());
        assertTrue(item.latestVersion().warnings().get(0).contains("all files sit in the folder \"land_cover/\""),
                item.latestVersion().warnings().toString());
        cleanUp();
    }

    @Test
    void aNestedArchiveIsStoredAsAnOpaqueFile() throws Exception {
        byte[] inner = aPackage().withFile("../../etc/evil", "never extracted").bytes();
        CatalogItem item = ingest(service(new PackageInspector()),
                aPackage().withFile("extras/inner.zip", inner).bytes(), "nested.dlpk");
        assertEquals(3, item.latestVersion().files().size());
        cleanUp();
    }

    // --- helpers -------------------------------------------------------------------------------------

    private PackageRejectedException assertRefused(byte[] bytes, RejectionReason reason, String file, String message) {
        var e = assertThrows(PackageRejectedException.class,
                () -> ingest(service(new PackageInspector()), bytes, "hostile.dlpk"));
        assertEquals(reason, e.reason(), e.getMessage());
        if (file != null) {
            assertEquals(file, e.problems().get(0).file(), e.getMessage());
        }
        if (message != null) {
            assertTrue(e.problems().stream().anyMatch(p -> p.message().contains(message)), e.getMessage());
        }
        return e;
    }

    /** One upload in its own entity manager and transaction, as the portal runs each request. */
    private CatalogItem ingest(IngestService service, byte[] bytes, String name) throws Exception {
        EntityManager entityManager = database.entityManagerFactory().createEntityManager();
        var transaction = entityManager.getTransaction();
        try {
            transaction.begin();
            CatalogItem item = withCatalog(service, entityManager).ingestNewItem(
                    new ByteArrayInputStream(bytes), name, bytes.length, "admin", Progress.NONE);
            transaction.commit();
            return item;
        } finally {
            if (transaction.isActive()) {
                transaction.rollback();
            }
            entityManager.close();
        }
    }

    private IngestService service(PackageInspector inspector) {
        return new IngestService(dataFolder, inspector, new ModelDefinitionReader(), ONNX_ONLY, blobs, null, 1L << 34);
    }

    private IngestService withCatalog(IngestService service, EntityManager entityManager) {
        return service.withCatalog(new Catalog(entityManager, Clock.systemUTC()));
    }

    /** Undoes an accepted upload so the next test starts from an empty data folder and database. */
    private void cleanUp() throws IOException {
        try (var connection = database.dataSource().getConnection(); var statement = connection.createStatement()) {
            statement.executeUpdate("DELETE FROM catalog_item");
        } catch (java.sql.SQLException e) {
            throw new IOException(e);
        }
        for (Path blob : filesUnder(dataFolder.blobs())) {
            Files.delete(blob);
        }
    }

    private static byte[] withEntry(String name) throws IOException {
        ZipSurgery zip = validPackage();
        zip.add(name, "payload");
        return zip.bytes();
    }

    private static ZipSurgery validPackage() {
        ZipSurgery zip = new ZipSurgery();
        zip.add("land_cover.emd", LAND_COVER_EMD);
        zip.add("land_cover.onnx", ONNX, false);
        return zip;
    }

    private static void put(ZipArchiveOutputStream zip, String name, byte[] content) throws IOException {
        zip.putArchiveEntry(new ZipArchiveEntry(name));
        zip.write(content);
        zip.closeArchiveEntry();
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        new java.util.Random(42).nextBytes(bytes);
        return bytes;
    }

    private static List<Path> filesUnder(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).toList();
        }
    }
}
