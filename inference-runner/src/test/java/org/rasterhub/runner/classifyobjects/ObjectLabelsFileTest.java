package org.rasterhub.runner.classifyobjects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ObjectLabelsFileTest {
    @TempDir Path tmp;

    private static final List<ObjectLabel> LABELS = List.of(
        new ObjectLabel(7, OptionalInt.of(2), Optional.of("urban"), OptionalDouble.of(1.0 / 3), Optional.empty()),
        new ObjectLabel(-1, OptionalInt.empty(), Optional.empty(), OptionalDouble.empty(),
            Optional.of(ObjectClassifier.OUTSIDE_RASTER)),
        new ObjectLabel(Long.MAX_VALUE, OptionalInt.empty(), Optional.empty(), OptionalDouble.of(Math.nextUp(0.5)),
            Optional.of("confidence 0.500 below threshold 0.600")),
        new ObjectLabel(0, OptionalInt.of(-3), Optional.of("Wald / forêt 🌲"), OptionalDouble.of(Double.MIN_VALUE),
            Optional.empty()),
        new ObjectLabel(12, OptionalInt.empty(), Optional.empty(), OptionalDouble.empty(),
            Optional.of(ObjectClassifier.OUTSIDE_EXTENT)));

    @Test
    void labelsComeBackExactlyConfidencesBitForBit() throws Exception {
        Path file = tmp.resolve("unit.labels");

        ObjectLabelsFile.write(file, new ObjectLabelsFile.Unit(40, LABELS));
        ObjectLabelsFile.Unit read = ObjectLabelsFile.read(file);

        assertEquals(40, read.first());
        assertEquals(LABELS, read.labels());
        for (int i = 0; i < LABELS.size(); i++) {
            assertEquals(bits(LABELS.get(i).confidence()), bits(read.labels().get(i).confidence()), "label " + i);
        }
    }

    @Test
    void unitsThatFollowEachOtherAreReadAsOneList() throws Exception {
        Path first = tmp.resolve("0.labels");
        Path second = tmp.resolve("1.labels");
        ObjectLabelsFile.write(first, new ObjectLabelsFile.Unit(0, LABELS.subList(0, 2)));
        ObjectLabelsFile.write(second, new ObjectLabelsFile.Unit(2, LABELS.subList(2, 5)));

        assertEquals(LABELS, ObjectLabelsFile.readInOrder(List.of(first, second)));
    }

    @Test
    void aUnitThatDoesNotStartWhereTheOneBeforeEndedIsRefused() throws Exception {
        Path first = tmp.resolve("0.labels");
        Path third = tmp.resolve("2.labels");
        ObjectLabelsFile.write(first, new ObjectLabelsFile.Unit(0, LABELS.subList(0, 2)));
        ObjectLabelsFile.write(third, new ObjectLabelsFile.Unit(4, LABELS.subList(4, 5)));

        var refused = assertThrows(IOException.class, () -> ObjectLabelsFile.readInOrder(List.of(first, third)));

        assertEquals("2.labels holds the labels from feature 4 on; expected those from feature 2 on, after the"
            + " units before it", refused.getMessage());
    }

    @Test
    void aFileCutShortIsRefused() throws Exception {
        Path file = tmp.resolve("unit.labels");
        ObjectLabelsFile.write(file, new ObjectLabelsFile.Unit(0, LABELS));
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length - 3));

        var refused = assertThrows(IOException.class, () -> ObjectLabelsFile.read(file));

        assertTrue(refused.getMessage().startsWith("unit.labels is cut short or damaged"), refused.getMessage());
    }

    @Test
    void aFileOfAnotherFormatIsRefused() throws Exception {
        Path file = Files.writeString(tmp.resolve("unit.labels"), "{\"labels\": []}");

        var refused = assertThrows(IOException.class, () -> ObjectLabelsFile.read(file));

        assertEquals("unit.labels is not a labels file of version 1", refused.getMessage());
    }

    private static long bits(OptionalDouble value) {
        return value.isPresent() ? Double.doubleToRawLongBits(value.getAsDouble()) : 0;
    }
}
