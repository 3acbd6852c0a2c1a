package org.rasterhub.runner.raster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.gdal.gdal.Dataset;
import org.gdal.gdal.Driver;
import org.gdal.gdal.gdal;
import org.gdal.gdalconst.gdalconst;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** User files reach GDAL only through self-contained drivers, and GDAL reads no other file or URL. */
class GdalGateTest {
    @TempDir Path tmp;

    @Test
    void aVrtWhoseRawBandNamesALocalFileIsRefusedNamingTheVrtDriver() throws Exception {
        Path vrt = Files.writeString(tmp.resolve("scene.tif"), """
                <VRTDataset rasterXSize="64" rasterYSize="16">
                  <VRTRasterBand dataType="Byte" band="1" subClass="VRTRawRasterBand">
                    <SourceFilename relativetoVRT="0">/etc/passwd</SourceFilename>
                    <ImageOffset>0</ImageOffset><PixelOffset>1</PixelOffset><LineOffset>64</LineOffset>
                  </VRTRasterBand>
                </VRTDataset>""");

        RefusedFileException refused = assertThrows(RefusedFileException.class, () -> GdalGate.openImagery(vrt));

        assertEquals("VRT", refused.driver());
        assertTrue(refused.reason().contains("VRT file (Virtual Raster), which RasterHub does not open"),
                refused.reason());
        assertTrue(!refused.reason().contains(tmp.toString()), "no server path: " + refused.reason());
    }

    @Test
    void gdalsNetworkRawVrtAndSidecarPathsAreOffInTheWholeProcess() {
        Gdal.init();
        // GDAL 3.6 ignores GDAL_VRT_ENABLE_RAWRASTERBAND (it came in 3.7): until then only the gate
        // keeps raw VRT bands away, as the first test shows.
        for (String[] option : GdalGate.PROCESS_OPTIONS) {
            assertEquals(option[1], gdal.GetConfigOption(option[0]), option[0]);
        }
    }

    @Test
    void aVrtNamingAUrlIsRefusedAndGdalMakesNoRequestEvenWhenBypassingTheGate() throws Exception {
        AtomicInteger requests = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        server.start();
        try {
            String url = "/vsicurl/http://127.0.0.1:" + server.getAddress().getPort() + "/secret.tif";
            Path vrt = Files.writeString(tmp.resolve("remote.vrt"), """
                    <VRTDataset rasterXSize="8" rasterYSize="8">
                      <VRTRasterBand dataType="Byte" band="1">
                        <SimpleSource><SourceFilename relativeToVRT="0">%s</SourceFilename>
                        <SourceBand>1</SourceBand></SimpleSource>
                      </VRTRasterBand>
                    </VRTDataset>""".formatted(url));

            assertEquals("VRT", assertThrows(RefusedFileException.class, () -> GdalGate.openImagery(vrt)).driver());

            gdal.PushErrorHandler("CPLQuietErrorHandler");
            try {
                Dataset direct = gdal.Open(url, gdalconst.GA_ReadOnly);
                assertNull(direct, "no /vsicurl/ in this process");
                Dataset viaVrt = gdal.Open(vrt.toString(), gdalconst.GA_ReadOnly);
                if (viaVrt != null) {
                    viaVrt.GetRasterBand(1).ReadRaster(0, 0, 8, 8, new byte[64]);
                    viaVrt.delete();
                }
            } finally {
                gdal.PopErrorHandler();
            }
            assertEquals(0, requests.get(), "GDAL made no HTTP request");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void geoTiffPngJpegAndJpeg2000AreOpenedAndTheirFileListIsTheFileAlone() throws Exception {
        for (String[] format : new String[][] {{"GTiff", "a.tif"}, {"PNG", "a.png"}, {"JPEG", "a.jpg"},
                {"JP2OpenJPEG", "a.jp2"}}) {
            Path file = copyOfSmallRaster(format[0], tmp.resolve(format[1]));
            Dataset dataset = GdalGate.openImagery(file);
            try {
                assertEquals(format[0], dataset.GetDriver().getShortName());
                assertEquals(List.of(file.toString()), List.copyOf(dataset.GetFileList()));
                assertEquals(16, dataset.GetRasterXSize());
            } finally {
                dataset.delete();
            }
        }
    }

    @Test
    void aGeoTiffsSidecarOverviewMaskAndAuxFileAreNeverRead() throws Exception {
        Path tif = copyOfSmallRaster("GTiff", tmp.resolve("scene.tif"));
        copyOfSmallRaster("GTiff", tmp.resolve("scene.tif.ovr"));
        copyOfSmallRaster("GTiff", tmp.resolve("scene.tif.msk"));
        Files.writeString(tmp.resolve("scene.tif.aux.xml"), "<PAMDataset><SRS>EPSG:4326</SRS></PAMDataset>");

        Dataset dataset = GdalGate.openImagery(tif);
        try {
            assertEquals(List.of(tif.toString()), List.copyOf(dataset.GetFileList()));
            assertEquals(0, dataset.GetRasterBand(1).GetOverviewCount(), "scene.tif.ovr not used");
            assertEquals(gdalconst.GMF_ALL_VALID, dataset.GetRasterBand(1).GetMaskFlags(), "scene.tif.msk not used");
            assertEquals("", dataset.GetProjectionRef(), "scene.tif.aux.xml not used");
        } finally {
            dataset.delete();
        }
    }

    @Test
    void aDatasetThatListsAnotherFileIsRefusedWhereSidecarsWouldBeFound() throws Exception {
        Path tif = copyOfSmallRaster("GTiff", tmp.resolve("scene.tif"));
        copyOfSmallRaster("GTiff", tmp.resolve("scene.tif.ovr"));
        // The process-wide setting keeps GDAL from finding sidecars; with it undone on this thread
        // GDAL reads the .ovr, and the file-list check is what still refuses the dataset.
        gdal.SetThreadLocalConfigOption("GDAL_DISABLE_READDIR_ON_OPEN", "NO");
        try {
            RefusedFileException refused = assertThrows(RefusedFileException.class, () -> GdalGate.openImagery(tif));
            assertEquals("GTiff", refused.driver());
            assertTrue(refused.reason().contains("reads 1 other file(s)"), refused.reason());
        } finally {
            gdal.SetThreadLocalConfigOption("GDAL_DISABLE_READDIR_ON_OPEN", null);
        }
    }

    @Test
    void aGeoPackageRasterIsNotImagery() throws Exception {
        Path gpkg = copyOfSmallRaster("GPKG", tmp.resolve("tiles.gpkg"));
        assertEquals("GPKG", assertThrows(RefusedFileException.class, () -> GdalGate.openImagery(gpkg)).driver());
    }

    @Test
    void anOgrVrtFeatureLayerNamingAnotherFileIsRefused() throws Exception {
        Path geojson = Files.writeString(tmp.resolve("points.geojson"), """
                {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {},
                 "geometry": {"type": "Point", "coordinates": [1, 2]}}]}""");
        Path vrt = Files.writeString(tmp.resolve("layer.geojson"), """
                <OGRVRTDataSource><OGRVRTLayer name="points">
                  <SrcDataSource>%s</SrcDataSource>
                </OGRVRTLayer></OGRVRTDataSource>""".formatted(geojson));

        assertEquals("OGR_VRT", assertThrows(RefusedFileException.class, () -> GdalGate.openFeatures(vrt)).driver());
        Dataset plain = GdalGate.openFeatures(geojson);
        try {
            assertEquals(1, plain.GetLayer(0).GetFeatureCount());
        } finally {
            plain.delete();
        }
    }

    @Test
    void aFileNoDriverKnowsIsNotARasterWithoutNamingADriver() throws Exception {
        Path text = Files.writeString(tmp.resolve("notes.tif"), "just some words");
        RasterIoException e = assertThrows(RasterIoException.class, () -> GdalGate.openImagery(text));
        assertTrue(!(e instanceof RefusedFileException), e.getMessage());
        assertTrue(e.reason().startsWith("GDAL could not open it as a raster: "), e.reason());
        assertTrue(e.reason().endsWith("(expected GeoTIFF or COG, JPEG 2000, PNG or JPEG)"), e.reason());
    }

    private static Path copyOfSmallRaster(String driverName, Path target) {
        Gdal.init();
        Dataset memory = gdal.GetDriverByName("MEM").Create("", 16, 16, 1, gdalconst.GDT_Byte);
        byte[] values = new byte[256];
        for (int i = 0; i < values.length; i++) {
            values[i] = (byte) i;
        }
        memory.GetRasterBand(1).WriteRaster(0, 0, 16, 16, values);
        Driver driver = gdal.GetDriverByName(driverName);
        Dataset copy = driver.CreateCopy(target.toString(), memory);
        if (copy == null) {
            throw new IllegalStateException("GDAL " + driverName + " could not write " + target + ": "
                    + gdal.GetLastErrorMsg());
        }
        copy.delete();
        memory.delete();
        return target;
    }
}
