package org.rasterhub.core.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rasterhub.core.testing.TestPackages.aPackage;

import jakarta.persistence.EntityManager;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.EnumSet;
import org.rasterhub.core.codescan.Engine;
import org.rasterhub.core.codescan.PackageFileScanner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rasterhub.core.catalog.AliasName;
import org.rasterhub.core.catalog.Catalog;
import org.rasterhub.core.catalog.ItemId;
import org.rasterhub.core.catalog.ItemNotFoundException;
import org.rasterhub.core.catalog.VersionNotFoundException;
import org.rasterhub.core.catalog.CatalogItem;
import org.rasterhub.core.catalog.ItemVersion;
import org.rasterhub.core.catalog.PackageFile;
import org.rasterhub.core.emd.ModelClass;
import org.rasterhub.core.emd.ModelDefinitionReader;
import org.rasterhub.core.storage.BlobStore;
import org.rasterhub.core.storage.ContentHash;
import org.rasterhub.core.storage.DataFolder;
import org.rasterhub.core.testing.TestDatabase;

class IngestServiceTest {
    private static final PackageFileScanner ONNX_ONLY = new PackageFileScanner(EnumSet.of(Engine.ONNX_RUNTIME));
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T10:00:00Z"), ZoneOffset.UTC);

    @TempDir Path tmp;
    private TestDatabase database;
    private DataFolder dataFolder;
    private BlobStore blobs;
    private EntityManager entityManager;

    @BeforeEach
    void setUp() {
        database = new TestDatabase(tmp.resolve("db"));
        dataFolder = new DataFolder(tmp.resolve("data")).create();
        blobs = new BlobStore(dataFolder);
        entityManager = database.entityManagerFactory().createEntityManager();
    }

    @AfterEach
    void tearDown() {
        entityManager.close();
        database.close();
    }

    @Test
    void registersAPackageAsAnItemWithItsModelDefinitionAndFiles() throws Exception {
        byte[] bytes = aPackage().withFile("ModelCharacteristics/loss_graph.png", new byte[100]).bytes();

        CatalogItem item = ingest(bytes, "C:\\Users\\ana\\Land_Cover.dlpk");

        entityManager.clear();
        CatalogItem stored = new Catalog(entityManager, CLOCK).find(item.id()).orElseThrow();
        ItemVersion version = stored.latestVersion();
        assertEquals("Land_Cover", stored.title());
        assertEquals("admin", stored.owner());
        assertEquals(Instant.parse("2026-11-25T10:00:00Z"), stored.createdAt());
        assertEquals(1, version.number());
        assertEquals("Land_Cover.dlpk", version.fileName());
        assertEquals(sha256(bytes), version.sha256());
        assertEquals(bytes.length, version.sizeBytes());
        assertEquals("ImageClassification", version.modelType());
        assertEquals(Optional.of("Onnx"), version.framework());
        assertEquals(Optional.of("BrightestBand"), version.modelConfiguration());
        assertEquals(List.of(new ModelClass(0, "Water", 0, 92, 230), new ModelClass(1, "Forest", 38, 115, 0),
                new ModelClass(2, "Built-up", 230, 0, 0)), version.classes());
        assertEquals(List.of("land_cover.emd", "land_cover.onnx", "ModelCharacteristics/loss_graph.png"),
                version.files().stream().map(PackageFile::path).toList());
        assertEquals(100, version.files().get(2).sizeBytes());
        assertTrue(Files.exists(blobs.path(sha256(bytes))), "the package is stored by its hash");
        assertEquals(List.of(), filesUnder(dataFolder.tmp()), "no staging file remains");
    }

    @Test
    void theModelFilesJudgementIsKeptWithTheVersionAndItsProblemsAreWarnings() throws Exception {
        List<String> judged = new java.util.ArrayList<>();
        ModelContractJudge judge = (definition, modelPath, modelFile) -> {
            judged.add(modelPath + " " + Files.exists(modelFile) + " " + definition.modelType());
            return new ModelContractJudge.Judgement("{\"inputs\": []}", List.of(modelPath + ": takes 4 bands"));
        };
        IngestService service = service(1L << 30).withContractJudge(judge);

        CatalogItem item = inTransaction(() -> service.ingestNewItem(new java.io.ByteArrayInputStream(
                aPackage().bytes()), "judged.dlpk", -1, "admin", org.rasterhub.core.ingest.Progress.NONE));

        entityManager.clear();
        ItemVersion version = new Catalog(entityManager, CLOCK).find(item.id()).orElseThrow().latestVersion();
        assertEquals(List.of("land_cover.onnx true ImageClassification"), judged);
        assertEquals(Optional.of("{\"inputs\": []}"), version.modelContract());
        assertTrue(version.warnings().contains("land_cover.onnx: takes 4 bands"), version.warnings().toString());
    }

    @Test
    void sameBytesTwiceAreStoredOnceAndCatalogedTwice() throws Exception {
        byte[] bytes = aPackage().bytes();
        ingest(bytes, "a.dlpk");
        ingest(bytes, "b.zip");
        assertEquals(3, filesUnder(dataFolder.blobs()).size(), "the package and its 2 files, once each");
        assertEquals(2, database.rows("catalog_item"));
    }

    @Test
    void aNewVersionKeepsTheEarlierOnesAndAliasesFollowWhereTheyArePointed() throws Exception {
        CatalogItem item = ingest(aPackage().bytes(), "Land_Cover.dlpk");
        byte[] second = aPackage().withFile("CHANGELOG.txt", "v2: more epochs").bytes();
        inTransaction(() -> service(1L << 30).ingestNewVersion(item.id(), new ByteArrayInputStream(second),
                "Land_Cover_v2.dlpk", second.length, "admin", Progress.NONE));
        inTransaction(() -> {
            CatalogItem stored = new Catalog(entityManager, CLOCK).find(item.id()).orElseThrow();
            stored.setAlias(new AliasName("production"), 1, CLOCK.instant());
            stored.setAlias(new AliasName("candidate"), 2, CLOCK.instant());
            return null;
        });
        entityManager.clear();

        CatalogItem stored = new Catalog(entityManager, CLOCK).find(item.id()).orElseThrow();
        assertEquals(List.of(1, 2), stored.versions().stream().map(ItemVersion::number).toList());
        assertEquals("Land_Cover", stored.title(), "a new version keeps the item's title");
        assertEquals(sha256(second), stored.latestVersion().sha256());
        assertEquals(Map.of("candidate", 2, "production", 1), stored.aliases());
        assertEquals(1, stored.resolve("production").orElseThrow().number());
        assertEquals(2, stored.resolve("2").orElseThrow().number());
        assertTrue(stored.resolve("staging").isEmpty());

        inTransaction(() -> {
            new Catalog(entityManager, CLOCK).find(item.id()).orElseThrow()
                    .setAlias(new AliasName("production"), 2, CLOCK.instant());
            return null;
        });
        entityManager.clear();
        assertEquals(2, new Catalog(entityManager, CLOCK).find(item.id()).orElseThrow()
                .resolve("production").orElseThrow().number(), "an alias moves");
    }

    @Test
    void anAliasCannotPointAtAMissingVersionOrHaveAnOddName() throws Exception {
        CatalogItem item = ingest(aPackage().bytes(), "a.dlpk");
        assertThrows(VersionNotFoundException.class,
                () -> item.setAlias(new AliasName("production"), 7, CLOCK.instant()));
        var e = assertThrows(IllegalArgumentException.class, () -> new AliasName("Prod uction"));
        assertTrue(e.getMessage().contains("such as \"production\""), e.getMessage());
    }

    @Test
    void aVersionOfAMissingItemIsRefusedBeforeReadingTheUpload() {
        var upload = new ByteArrayInputStream(new byte[] {1, 2, 3});
        assertThrows(ItemNotFoundException.class, () -> service(1L << 30).ingestNewVersion(new ItemId(999),
                upload, "x.dlpk", 3, "admin", Progress.NONE));
        assertEquals(3, upload.available(), "nothing was read");
    }

    @Test
    void notAZipIsRejectedAndLeavesNothingBehind() throws IOException {
        var e = assertRejected("hello, I am a text file".getBytes(), "model.dlpk");
        assertEquals(RejectionReason.NOT_A_ZIP, e.reason());
        assertEquals("model.dlpk", e.problems().get(0).file());
        assertTrue(e.problems().get(0).message().startsWith("not a valid package"), e.getMessage());
    }

    @Test
    void packageWithoutModelDefinitionIsRejectedNamingWhatItHolds() throws IOException {
        var e = assertRejected(aPackage().withoutEmd().bytes(), "model.dlpk");
        assertEquals(RejectionReason.NO_MODEL_DEFINITION, e.reason());
        assertEquals("no .emd file at the package root; found land_cover.onnx", e.problems().get(0).message());
    }

    @Test
    void modelDefinitionInASubfolderOnlyIsNotAtTheRoot() throws IOException {
        byte[] bytes = aPackage().withoutEmd().withFile("model/land_cover.emd", "{}").bytes();
        assertEquals(RejectionReason.NO_MODEL_DEFINITION, assertRejected(bytes, "model.dlpk").reason());
    }

    @Test
    void invalidModelDefinitionIsRejectedWithFileJsonPathAndLine() throws IOException {
        byte[] bytes = aPackage().withEmd("{\n\"ModelType\": 42\n}").bytes();
        var e = assertRejected(bytes, "model.dlpk");
        assertEquals(RejectionReason.INVALID_MODEL_DEFINITION, e.reason());
        assertEquals(new IngestProblem("land_cover.emd", "/ModelType", 2, 14,
                "expected a non-empty string, found 42"), e.problems().get(0));
    }

    @Test
    void emptyUploadIsRejected() throws IOException {
        assertEquals(RejectionReason.EMPTY_UPLOAD, assertRejected(new byte[0], "empty.dlpk").reason());
    }

    @Test
    void uploadOverTheSizeLimitIsRejectedWhileReceiving() throws IOException {
        IngestService small = service(10);
        var e = assertThrows(PackageRejectedException.class, () -> small.ingestNewItem(
                new ByteArrayInputStream(aPackage().bytes()), "big.dlpk", -1, "admin", Progress.NONE));
        assertEquals(RejectionReason.TOO_LARGE, e.reason());
        assertNothingStored();
    }

    @Test
    void titleIsTheFileNameWithoutItsPackageExtension() {
        assertEquals("Land Cover v2", IngestService.titleOf("Land Cover v2.DLPK"));
        assertEquals("trees", IngestService.titleOf("trees.zip"));
        assertEquals(".dlpk", IngestService.titleOf(".dlpk"));
        assertEquals("x.dlpk", IngestService.baseName("/tmp/../x.dlpk"));
        assertEquals("package.dlpk", IngestService.baseName("\u0000"));
    }

    private PackageRejectedException assertRejected(byte[] bytes, String name) throws IOException {
        var e = assertThrows(PackageRejectedException.class, () -> ingest(bytes, name));
        assertNothingStored();
        return e;
    }

    private void assertNothingStored() throws IOException {
        assertEquals(List.of(), filesUnder(dataFolder.root()), "nothing may be left in the data folder");
        assertEquals(0, database.rows("catalog_item"));
        assertEquals(0, database.rows("item_version"));
    }

    private CatalogItem ingest(byte[] bytes, String name) throws Exception {
        var transaction = entityManager.getTransaction();
        transaction.begin();
        try {
            CatalogItem item = service(1L << 30).ingestNewItem(new ByteArrayInputStream(bytes), name, bytes.length,
                    "admin", Progress.NONE);
            transaction.commit();
            return item;
        } finally {
            if (transaction.isActive()) {
                transaction.rollback();
            }
        }
    }

    private <T> T inTransaction(java.util.concurrent.Callable<T> work) throws Exception {
        var transaction = entityManager.getTransaction();
        transaction.begin();
        try {
            T result = work.call();
            transaction.commit();
            return result;
        } finally {
            if (transaction.isActive()) {
                transaction.rollback();
            }
        }
    }

    private IngestService service(long maxBytes) {
        return new IngestService(dataFolder, new PackageInspector(), new ModelDefinitionReader(), ONNX_ONLY, blobs,
                new Catalog(entityManager, CLOCK), maxBytes);
    }

    private static ContentHash sha256(byte[] bytes) {
        var digest = ContentHash.newDigest();
        digest.update(bytes);
        return ContentHash.of(digest);
    }

    private static List<Path> filesUnder(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).toList();
        }
    }
}
