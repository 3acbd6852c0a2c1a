package org.rasterhub.runner.preflight;

import java.nio.file.Path;
import java.util.OptionalInt;
import org.gdal.gdal.Dataset;
import org.gdal.gdal.gdal;
import org.gdal.gdalconst.gdalconst;
import org.gdal.ogr.Layer;
import org.gdal.ogr.ogr;
import org.gdal.osr.SpatialReference;
import org.rasterhub.runner.raster.GdalGate;
import org.rasterhub.runner.raster.RasterIoException;

/**
 * What a run needs to know about an uploaded feature layer, read with GDAL/OGR: the driver that
 * read it, its first layer's feature count, geometry type and CRS. Only GeoJSON and GeoPackage are
 * accepted: the formats RasterHub writes, and ones a browser upload carries as one file.
 */
public record FeatureFacts(Path file, String driver, int featureCount, String geometryType, OptionalInt epsg) {
    /**
     * Most features a Classify Objects input may have: each is a model call's chip. The same limit the
     * runner reads with, so what is accepted at upload also runs.
     */
    public static final int MAX_FEATURES = org.rasterhub.runner.vector.FeatureLayerReader.MAX_FEATURES;

    /**
     * @throws RasterIoException when OGR cannot read the file as GeoJSON or GeoPackage, it has no
     *     layer, or its first layer has no features or more than {@value #MAX_FEATURES}
     */
    public static FeatureFacts probe(Path file) throws RasterIoException {
        // Only these drivers may look at the bytes: an upload must not reach GDAL's many other parsers.
        Dataset dataset = GdalGate.openFeatures(file);
        try {
            if (dataset.GetLayerCount() < 1) {
                throw new RasterIoException(file, "holds no feature layer");
            }
            Layer layer = dataset.GetLayer(0);
            long count = layer.GetFeatureCount(1);
            if (count < 1) {
                throw new RasterIoException(file, "layer \"" + layer.GetName() + "\" has no features");
            }
            if (count > MAX_FEATURES) {
                throw new RasterIoException(file, "layer \"" + layer.GetName() + "\" has " + count
                        + " features; at most " + MAX_FEATURES + " can be classified in one run");
            }
            String geometry = ogr.GeometryTypeToName(layer.GetGeomType());
            if (layer.GetGeomType() == ogr.wkbNone) {
                throw new RasterIoException(file, "layer \"" + layer.GetName() + "\" has no geometry column");
            }
            return new FeatureFacts(file, dataset.GetDriver().getShortName(), (int) count, geometry,
                    epsg(layer.GetSpatialRef()));
        } finally {
            dataset.delete();
        }
    }

    private static OptionalInt epsg(SpatialReference crs) {
        if (crs == null) {
            return OptionalInt.empty();
        }
        crs.AutoIdentifyEPSG();
        String code = crs.GetAuthorityCode(null);
        try {
            return code == null ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(code));
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    private static String detail(String gdalMessage) {
        return gdalMessage == null || gdalMessage.isBlank() ? "" : " (" + gdalMessage.trim() + ")";
    }
}
