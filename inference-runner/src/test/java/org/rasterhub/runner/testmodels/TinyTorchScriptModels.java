package org.rasterhub.runner.testmodels;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Tiny TorchScript archives written in Java, as {@code torch.jit.save} lays them out: a zip whose
 * entries all sit under one folder, with {@code data.pkl} (the module object, pickle protocol 2),
 * {@code code/__torch__.py} (TorchScript source that libtorch compiles on loading: no Python runs),
 * {@code constants.pkl} (an empty tuple), one raw little-endian file per tensor under {@code data/},
 * and {@code version}. Layout and pickles follow PyTorch's {@code export_module.cpp} and
 * {@code pickler.cpp}; libtorch loads them with its own restricted unpickler.
 */
public final class TinyTorchScriptModels {
    /** File format version: what torch.jit.save writes for modules without versioned operators. */
    static final String FORMAT_VERSION = "3\n";
    static final String CLASS_NAME = "Model";

    private TinyTorchScriptModels() {
    }

    /**
     * Scores per class equal to the softmax of the bands: for each pixel the brightest band has the
     * highest score. No parameters. Input float32 {@code [N, C, H, W]}, output float32 {@code [N, C, H, W]}.
     */
    public static byte[] brightestBandScores() {
        return archive("brightest", """
                class Model(Module):
                  __parameters__ = []
                  __buffers__ = []
                  training : bool
                  def forward(self: __torch__.Model,
                    x: Tensor) -> Tensor:
                    return torch.softmax(x, 1)
                """, Map.of());
    }

    /**
     * A 1×1 convolution whose weight tensor reorders the bands, then ArgMax over them: class {@code k}
     * scores band {@code bandOfClass[k]}, so a pixel whose brightest band is {@code b} gets the class
     * {@code k} with {@code bandOfClass[k] == b}. Wrong or unloaded weights give other classes. Input
     * float32 {@code [N, C, H, W]} with {@code C = bandOfClass.length}, output int64 {@code [N, H, W]}.
     */
    public static byte[] permutedBrightestBand(int[] bandOfClass) {
        int bands = bandOfClass.length;
        float[] weight = new float[bands * bands];
        for (int k = 0; k < bands; k++) {
            weight[k * bands + bandOfClass[k]] = 1f;
        }
        return archive("permuted", """
                class Model(Module):
                  __parameters__ = ["weight", ]
                  __buffers__ = []
                  weight : Tensor
                  training : bool
                  def forward(self: __torch__.Model,
                    x: Tensor) -> Tensor:
                    scores = torch.conv2d(x, self.weight)
                    return torch.argmax(scores, 1)
                """, Map.of("weight", new FloatParameter(new long[] {bands, bands, 1, 1}, weight)));
    }

    /** A TorchScript archive whose code libtorch cannot compile: {@code forward} calls no operator that exists. */
    public static byte[] notCompilable() {
        return archive("broken", """
                class Model(Module):
                  __parameters__ = []
                  __buffers__ = []
                  training : bool
                  def forward(self: __torch__.Model,
                    x: Tensor) -> Tensor:
                    return torch.no_such_operator(x)
                """, Map.of());
    }

    /**
     * What {@code torch.save(model.state_dict(), "unet.pth")} writes: a zip with {@code archive/data.pkl}
     * holding an OrderedDict of tensors, and no code. Only Python's unpickler can load it.
     */
    public static byte[] pickledStateDict() {
        PickleWriter pickle = new PickleWriter()
                .global("collections", "OrderedDict").emptyTuple().reduce()
                .mark().string("conv.weight");
        tensor(pickle, "0", new long[] {1, 1, 1, 1});
        byte[] data = pickle.setItems().stop();
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("archive/data.pkl", data);
        entries.put("archive/data/0", floats(new float[] {1f}));
        entries.put("archive/version", FORMAT_VERSION.getBytes(StandardCharsets.US_ASCII));
        return zip(entries);
    }

    public static Path write(Path file, byte[] archive) throws IOException {
        return Files.write(file, archive);
    }

    /** A float32 parameter in row-major (contiguous) layout. */
    record FloatParameter(long[] shape, float[] values) {
    }

    private static byte[] archive(String folder, String code, Map<String, FloatParameter> parameters) {
        PickleWriter data = new PickleWriter()
                .global("__torch__", CLASS_NAME).emptyTuple().newObj()
                .emptyDict().mark()
                .string("training").bool(false);
        Map<String, byte[]> tensors = new LinkedHashMap<>();
        for (Map.Entry<String, FloatParameter> parameter : parameters.entrySet()) {
            String key = Integer.toString(tensors.size());
            data.string(parameter.getKey());
            tensor(data, key, parameter.getValue().shape());
            tensors.put(folder + "/data/" + key, floats(parameter.getValue().values()));
        }
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put(folder + "/data.pkl", data.setItems().build().stop());
        entries.put(folder + "/code/__torch__.py", code.getBytes(StandardCharsets.UTF_8));
        entries.put(folder + "/constants.pkl", new PickleWriter().emptyTuple().stop());
        entries.putAll(tensors);
        entries.put(folder + "/version", FORMAT_VERSION.getBytes(StandardCharsets.US_ASCII));
        return zip(entries);
    }

    /**
     * torch._utils._rebuild_tensor_v2(storage, offset, size, stride, requires_grad, backward_hooks),
     * the storage a persistent id ("storage", torch.FloatStorage, key, "cpu", numel) that the loader
     * resolves to the record {@code data/<key>}.
     */
    private static void tensor(PickleWriter pickle, String key, long[] shape) {
        long numel = 1;
        for (long d : shape) {
            numel *= d;
        }
        pickle.global("torch._utils", "_rebuild_tensor_v2").mark()
                .mark().string("storage").global("torch", "FloatStorage").string(key).string("cpu")
                .integer((int) numel).tuple().binPersId()
                .integer(0)
                .mark();
        for (long d : shape) {
            pickle.integer((int) d);
        }
        pickle.tuple().mark();
        long stride = numel;
        for (long d : shape) {
            stride /= d;
            pickle.integer((int) stride);
        }
        pickle.tuple()
                .bool(false)
                .global("collections", "OrderedDict").emptyTuple().reduce()
                .tuple().reduce();
    }

    private static byte[] floats(float[] values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(values);
        return buffer.array();
    }

    // Stored, not deflated, as PyTorch's stream writer does.
    private static byte[] zip(Map<String, byte[]> entries) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                ZipEntry zipEntry = new ZipEntry(entry.getKey());
                CRC32 crc = new CRC32();
                crc.update(entry.getValue());
                zipEntry.setMethod(ZipEntry.STORED);
                zipEntry.setSize(entry.getValue().length);
                zipEntry.setCompressedSize(entry.getValue().length);
                zipEntry.setCrc(crc.getValue());
                zip.putNextEntry(zipEntry);
                zip.write(entry.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
