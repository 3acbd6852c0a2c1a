package org.rasterhub.runner.preflight;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rasterhub.runner.raster.RasterIoException;

class FeatureFactsTest {
    @TempDir
    Path folder;

    @Test
    void readsTheFirstLayersCountGeometryAndCrs() throws Exception {
        Path file = write("parcels.geojson", """
                {"type": "FeatureCollection",
                 "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::32632"}},
                 "features": [
                  {"type": "Feature", "properties": {"id": 1},
                   "geometry": {"type": "Polygon", "coordinates": [[[0,0],[10,0],[10,10],[0,10],[0,0]]]}},
                  {"type": "Feature", "properties": {"id": 2},
                   "geometry": {"type": "Polygon", "coordinates": [[[20,0],[30,0],[30,10],[20,10],[20,0]]]}}
                 ]}""");
        FeatureFacts facts = FeatureFacts.probe(file);
        assertEquals("GeoJSON", facts.driver());
        assertEquals(2, facts.featureCount());
        assertEquals("Polygon", facts.geometryType());
        assertEquals(32632, facts.epsg().orElseThrow());
    }

    @Test
    void readsAStoredBlobWithoutAFileNameExtension() throws Exception {
        Path file = write("0c596b24a6135ca5b409", """
                {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {},
                  "geometry": {"type": "Point", "coordinates": [1, 2]}}]}""");
        assertEquals(1, FeatureFacts.probe(file).featureCount());
    }

    @Test
    void refusesWhatIsNoFeatureLayer() throws Exception {
        RasterIoException notJson = assertThrows(RasterIoException.class,
                () -> FeatureFacts.probe(write("junk.geojson", "this is not json")));
        assertTrue(notJson.getMessage().contains("not a GeoJSON or GeoPackage"), notJson.getMessage());
        RasterIoException empty = assertThrows(RasterIoException.class, () -> FeatureFacts.probe(
                write("empty.geojson", "{\"type\": \"FeatureCollection\", \"features\": []}")));
        assertTrue(empty.getMessage().contains("has no features"), empty.getMessage());
        // A CSV is a vector format GDAL reads, but not one this upload accepts.
        RasterIoException csv = assertThrows(RasterIoException.class,
                () -> FeatureFacts.probe(write("points.csv", "x,y\n1,2\n")));
        assertTrue(csv.getMessage().contains("it is a CSV file"), csv.getMessage());
        assertTrue(csv.getMessage().contains("expected GeoJSON or GeoPackage"), csv.getMessage());
    }

    private Path write(String name, String text) throws Exception {
        return Files.writeString(folder.resolve(name), text, StandardCharsets.UTF_8);
    }
}
