package org.rasterhub.runner.detect;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A work unit's detections in a file, exactly: each box's four doubles, class value and score as
 * their bits, in order, so the merge suppresses the very values the unit found. A header names the
 * format; a file cut short or of another format is refused.
 */
public final class DetectionsFile {
    private static final int MAGIC = 0x52484454; // "RHDT"
    private static final int VERSION = 1;

    private DetectionsFile() {
    }

    public static void write(Path file, List<Detection> detections) throws IOException {
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            out.writeInt(detections.size());
            for (Detection d : detections) {
                out.writeDouble(d.box().minX());
                out.writeDouble(d.box().minY());
                out.writeDouble(d.box().maxX());
                out.writeDouble(d.box().maxY());
                out.writeInt(d.classValue());
                out.writeFloat(d.score());
            }
        }
    }

    /** @throws IOException when the file is not a detections file of this version, or is cut short */
    public static List<Detection> read(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            if (in.readInt() != MAGIC || in.readInt() != VERSION) {
                throw new IOException(file.getFileName() + " is not a detections file of version " + VERSION);
            }
            int count = in.readInt();
            if (count < 0 || count > ObjectDetector.MAX_DETECTIONS) {
                throw new IOException(file.getFileName() + " claims " + count + " detections");
            }
            List<Detection> detections = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                PixelBox box = new PixelBox(in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble());
                detections.add(new Detection(box, in.readInt(), in.readFloat()));
            }
            if (in.read() != -1) {
                throw new IOException(file.getFileName() + " holds more than its " + count + " detections");
            }
            return detections;
        } catch (EOFException | IllegalArgumentException e) {
            throw new IOException(file.getFileName() + " is cut short or damaged: " + e.getMessage(), e);
        }
    }
}
