package org.rasterhub.runner.classify;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rasterhub.core.ingest.Progress;
import org.rasterhub.runner.engine.InferenceException;
import org.rasterhub.runner.engine.Tensor;
import org.rasterhub.runner.raster.FloatRasterWriter;
import org.rasterhub.runner.raster.RasterIoException;
import org.rasterhub.runner.telemetry.StageTimes;
import org.rasterhub.runner.telemetry.StageTimes.Stage;
import org.rasterhub.runner.tiling.Tile;
import org.rasterhub.runner.tiling.TileRows;

/**
 * Probability and value rasters ({@link PixelProduct.Probabilities}, {@link PixelProduct.Values}) in
 * work units, as {@link ClassBands} makes class rasters: the Float32 measures of a band of whole tile
 * rows ({@link #classify}), and the Cloud Optimized GeoTIFF made from all of a raster's bands ({@link
 * #merge}), byte for byte what {@link PixelClassifier#classify} writes.
 *
 * <p>The output's band count and band descriptions are the model's, known once it answered, so each
 * unit's file carries them for the merge.
 */
public final class MeasureBands {
    // "RHMB" and a version, so that a merge never reads another unit format as measures.
    private static final int FORMAT = 0x52484D42;
    private static final int VERSION = 1;
    private static final int CHUNK_VALUES = 1 << 16;

    private final PixelClassifier classifier;

    /** @param classifier a classifier whose times also take the bands' reading, model and cutting */
    public MeasureBands(PixelClassifier classifier) {
        this.classifier = classifier;
    }

    /**
     * One band of tile rows' measures: each output band's values, row-major and as wide as the
     * processing window ({@link FloatRasterWriter#NO_DATA} for nodata), with the output bands'
     * descriptions.
     */
    public static final class Band {
        private final List<String> descriptions;
        private final float[][] values;

        private Band(List<String> descriptions, float[][] values) {
            this.descriptions = List.copyOf(descriptions);
            this.values = values;
        }

        /** What each output band holds, as the merged file names its bands. */
        public List<String> descriptions() {
            return descriptions;
        }

        /** Writes the band to {@code file} for {@link #merge}, replacing any file there. */
        public void write(Path file) throws IOException {
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
                out.writeInt(FORMAT);
                out.writeInt(VERSION);
                out.writeInt(descriptions.size());
                for (String description : descriptions) {
                    out.writeUTF(description);
                }
                out.writeInt(values[0].length);
                ByteBuffer chunk = ByteBuffer.allocate(CHUNK_VALUES * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
                for (float[] band : values) {
                    for (int from = 0; from < band.length; from += CHUNK_VALUES) {
                        int n = Math.min(CHUNK_VALUES, band.length - from);
                        chunk.clear();
                        chunk.asFloatBuffer().put(band, from, n);
                        out.write(chunk.array(), 0, n * Float.BYTES);
                    }
                }
            }
        }
    }

    /**
     * Classifies tile rows {@code firstRow} to {@code endRow - 1} of the request's grid. The band is
     * held in memory: output bands x window width x band height floats; at the default 256 tiles a
     * unit, 256 x core² x 4 bytes per output band (64 MiB for 256-pixel cores), a few such for a
     * probability raster of every class.
     *
     * @throws IllegalArgumentException when the request asks for classes, or the rows are outside the
     *     grid
     * @throws ModelOutputException as {@link PixelClassifier#classify} does for these products
     */
    public Band classify(ClassifyPixelsRequest request, int firstRow, int endRow, Progress progress)
            throws RasterIoException, InferenceException, ModelOutputException {
        if (request.product() instanceof PixelProduct.Classes) {
            throw new IllegalArgumentException("measure bands hold probabilities or values, not classes"
                + " (see ClassBands)");
        }
        BandResult band = classifier.classifyRows(request, firstRow, endRow,
            (frame, rows) -> new BandResult(frame, rows, request.product()), progress);
        return new Band(band.descriptions, band.values);
    }

    /**
     * Writes the request's output from the bands' files ({@link Band#write}), which must cover the
     * grid's tile rows in order, replacing any file there; on failure no output file is left. Needs no
     * model: the bands' descriptions come from the files.
     *
     * @throws IllegalArgumentException when the bands do not cover the grid's rows once, in order
     * @throws IOException when a file is no band of measures, holds another number of values than its
     *     rows' pixels, or other bands than the first file
     */
    public static ClassifiedRaster merge(ClassifyPixelsRequest request, List<BandFile> bands, StageTimes times)
            throws RasterIoException, IOException {
        try (TileReader reader = TileReader.open(request.input(), request.bandArray(), request.scaling())) {
            ResultRaster.Frame frame = PixelClassifier.frame(request, reader, List.of());
            List<TileRows> rows = BandFile.covering(frame.grid(), bands);
            long writing = System.nanoTime();
            List<String> descriptions = descriptions(bands.get(0).file());
            try (FloatRasterWriter writer = ResultRaster.Measures.createWriter(frame, descriptions,
                    request.product())) {
                for (int i = 0; i < bands.size(); i++) {
                    copy(bands.get(i).file(), rows.get(i), descriptions, writer);
                }
                writer.finish();
            }
            times.since(Stage.MERGE, writing);
            return new ClassifiedRaster(request.output(), frame.width(), frame.height(), frame.grid().size());
        }
    }

    private static List<String> descriptions(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            return header(file, in);
        }
    }

    private static List<String> header(Path file, DataInputStream in) throws IOException {
        if (in.readInt() != FORMAT || in.readInt() != VERSION) {
            throw new IOException(file + " is no band of measures of format version " + VERSION);
        }
        int count = in.readInt();
        List<String> descriptions = new ArrayList<>();
        for (int b = 0; b < count; b++) {
            descriptions.add(in.readUTF());
        }
        return descriptions;
    }

    // Band after band, one band of this unit in memory at a time.
    private static void copy(Path file, TileRows rows, List<String> descriptions, FloatRasterWriter writer)
            throws IOException, RasterIoException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            List<String> own = header(file, in);
            if (!own.equals(descriptions)) {
                throw new IOException("band of tile rows " + rows.firstRow() + "-" + rows.endRow() + " holds bands "
                    + own + ", the first band " + descriptions);
            }
            int pixels = in.readInt();
            if (pixels != rows.pixels()) {
                throw new IOException("band of tile rows " + rows.firstRow() + "-" + rows.endRow() + " holds "
                    + pixels + " values per band, not " + rows.pixels());
            }
            float[] values = new float[pixels];
            byte[] chunk = new byte[CHUNK_VALUES * Float.BYTES];
            for (int b = 0; b < descriptions.size(); b++) {
                for (int from = 0; from < pixels; from += CHUNK_VALUES) {
                    int n = Math.min(CHUNK_VALUES, pixels - from);
                    in.readFully(chunk, 0, n * Float.BYTES);
                    ByteBuffer.wrap(chunk, 0, n * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer()
                        .get(values, from, n);
                }
                writer.write(b, 0, rows.top(), rows.grid().rasterWidth(), rows.height(), values);
            }
        }
    }

    /** Tile cores cut into one band of tile rows' arrays, one per output band. */
    private static final class BandResult implements ResultRaster {
        private final ResultRaster.Frame frame;
        private final TileRows rows;
        private final PixelProduct product;
        private List<String> descriptions;   // set by the writer thread's first core, read after the run
        private float[][] values;
        private float[] pixel;

        BandResult(ResultRaster.Frame frame, TileRows rows, PixelProduct product) {
            this.frame = frame;
            this.rows = rows;
            this.product = product;
        }

        @Override
        public void read(Batch batch, List<Tensor> outputs, int count) throws ModelOutputException {
            batch.measures = PixelMeasures.of(outputs, count, frame.grid().tileSize(), frame.grid().padding(),
                frame.reading(), product);
        }

        @Override
        public void writeCore(Tile tile, int slot, Batch batch, boolean marksNoData) throws ModelOutputException {
            if (values == null) {
                descriptions = batch.measures.bandDescriptions(frame.classes(), product);
                values = new float[descriptions.size()][rows.pixels()];
                pixel = new float[descriptions.size()];
            }
            Measures.requireBands(batch.measures, values.length);
            Measures.cutCore(tile, slot, batch, marksNoData, frame.grid().tileSize(), values,
                rows.offset(tile.core().x(), tile.core().y()), frame.width(), pixel);
        }

        @Override
        public void finish() {
            // the caller stores the band
        }

        @Override
        public void close() {
            // nothing held
        }
    }
}
