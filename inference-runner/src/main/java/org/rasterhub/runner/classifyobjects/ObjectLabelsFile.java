package org.rasterhub.runner.classifyobjects;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

import org.rasterhub.runner.vector.FeatureLayerReader;

/**
 * A work unit's labels in a file, exactly: the position of its first feature in the feature file,
 * then each label's fid, class value, class name, confidence (its double's bits) and reason, absent
 * ones marked absent, so the merge writes the very values the unit found. A header names the format;
 * a file cut short or of another format is refused.
 */
public final class ObjectLabelsFile {
    private static final int MAGIC = 0x52484f4c; // "RHOL"
    private static final int VERSION = 1;
    // Class names come from the .emd and reasons from here: far shorter than this.
    private static final int MAX_TEXT_BYTES = 64 * 1024;
    private static final int HAS_CLASS_VALUE = 1;
    private static final int HAS_CLASS_NAME = 2;
    private static final int HAS_CONFIDENCE = 4;
    private static final int HAS_REASON = 8;

    private ObjectLabelsFile() {
    }

    /** The labels of the features from position {@code first} of the feature file on, in order. */
    public record Unit(int first, List<ObjectLabel> labels) {
        public Unit {
            if (first < 0) {
                throw new IllegalArgumentException("the first feature's position must be 0 or more, was " + first);
            }
            labels = List.copyOf(labels);
        }
    }

    public static void write(Path file, Unit unit) throws IOException {
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            out.writeInt(unit.first());
            out.writeInt(unit.labels().size());
            for (ObjectLabel label : unit.labels()) {
                out.writeLong(label.fid());
                out.writeByte((label.classValue().isPresent() ? HAS_CLASS_VALUE : 0)
                    | (label.className().isPresent() ? HAS_CLASS_NAME : 0)
                    | (label.confidence().isPresent() ? HAS_CONFIDENCE : 0)
                    | (label.reason().isPresent() ? HAS_REASON : 0));
                if (label.classValue().isPresent()) {
                    out.writeInt(label.classValue().getAsInt());
                }
                if (label.className().isPresent()) {
                    writeText(out, label.className().get());
                }
                if (label.confidence().isPresent()) {
                    out.writeLong(Double.doubleToRawLongBits(label.confidence().getAsDouble()));
                }
                if (label.reason().isPresent()) {
                    writeText(out, label.reason().get());
                }
            }
        }
    }

    /** @throws IOException when the file is not a labels file of this version, or is cut short */
    public static Unit read(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            if (in.readInt() != MAGIC || in.readInt() != VERSION) {
                throw new IOException(file.getFileName() + " is not a labels file of version " + VERSION);
            }
            int first = in.readInt();
            int count = in.readInt();
            if (count < 0 || count > FeatureLayerReader.MAX_FEATURES) {
                throw new IOException(file.getFileName() + " claims " + count + " labels");
            }
            List<ObjectLabel> labels = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                long fid = in.readLong();
                int has = in.readUnsignedByte();
                OptionalInt classValue = (has & HAS_CLASS_VALUE) != 0
                    ? OptionalInt.of(in.readInt()) : OptionalInt.empty();
                Optional<String> className = (has & HAS_CLASS_NAME) != 0
                    ? Optional.of(readText(in, file)) : Optional.empty();
                OptionalDouble confidence = (has & HAS_CONFIDENCE) != 0
                    ? OptionalDouble.of(Double.longBitsToDouble(in.readLong())) : OptionalDouble.empty();
                Optional<String> reason = (has & HAS_REASON) != 0
                    ? Optional.of(readText(in, file)) : Optional.empty();
                labels.add(new ObjectLabel(fid, classValue, className, confidence, reason));
            }
            if (in.read() != -1) {
                throw new IOException(file.getFileName() + " holds more than its " + count + " labels");
            }
            return new Unit(first, labels);
        } catch (EOFException | IllegalArgumentException e) {
            throw new IOException(file.getFileName() + " is cut short or damaged: " + e.getMessage(), e);
        }
    }

    /**
     * The labels of units that follow each other, read in turn: those of all features when the
     * first starts at feature 0 and each starts where the one before ended.
     *
     * @throws IOException when a file cannot be read, or a unit does not start where the one before
     *     it ended
     */
    public static List<ObjectLabel> readInOrder(List<Path> files) throws IOException {
        List<ObjectLabel> all = new ArrayList<>();
        for (Path file : files) {
            Unit unit = read(file);
            if (unit.first() != all.size()) {
                throw new IOException(file.getFileName() + " holds the labels from feature " + unit.first()
                    + " on; expected those from feature " + all.size() + " on, after the units before it");
            }
            all.addAll(unit.labels());
        }
        return all;
    }

    private static void writeText(DataOutputStream out, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_TEXT_BYTES) {
            throw new IllegalArgumentException("a class name or reason of " + bytes.length + " bytes; at most "
                + MAX_TEXT_BYTES + " are written");
        }
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String readText(DataInputStream in, Path file) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > MAX_TEXT_BYTES) {
            throw new IOException(file.getFileName() + " claims a text of " + length + " bytes; at most "
                + MAX_TEXT_BYTES + " are written");
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
