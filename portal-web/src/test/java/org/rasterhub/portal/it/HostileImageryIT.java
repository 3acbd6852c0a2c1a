package org.rasterhub.portal.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Imagery and feature files that would make GDAL read other files or URLs are refused with 422 and
 * leave nothing behind: no blob, no staging file, no item.
 */
@ExtendWith(PortalExtension.class)
class HostileImageryIT {

    @Test
    void aVrtWhoseRawBandNamesEtcPasswdIsRefusedNamingTheDriver(PortalServer portal) throws Exception {
        String vrt = """
                <VRTDataset rasterXSize="64" rasterYSize="16">
                  <VRTRasterBand dataType="Byte" band="1" subClass="VRTRawRasterBand">
                    <SourceFilename relativetoVRT="0">/etc/passwd</SourceFilename>
                    <ImageOffset>0</ImageOffset><PixelOffset>1</PixelOffset><LineOffset>64</LineOffset>
                  </VRTRasterBand>
                </VRTDataset>""";
        assertRefusedLeavingNothing(portal, "scene.tif", vrt, "not_a_raster", "VRT file (Virtual Raster)");
    }

    @Test
    void aVrtNamingThePortalsOwnDatabaseIsRefused(PortalServer portal) throws Exception {
        String vrt = """
                <VRTDataset rasterXSize="64" rasterYSize="64">
                  <VRTRasterBand dataType="Byte" band="1" subClass="VRTRawRasterBand">
                    <SourceFilename relativetoVRT="0">%s</SourceFilename>
                  </VRTRasterBand>
                </VRTDataset>""".formatted(portal.home().resolve("db/rasterhub.mv.db"));
        assertRefusedLeavingNothing(portal, "db.vrt", vrt, "not_a_raster", "VRT");
    }

    @Test
    void aVrtNamingAUrlIsRefusedAndTheServerMakesNoRequest(PortalServer portal) throws Exception {
        AtomicInteger requests = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        server.start();
        try {
            String vrt = """
                    <VRTDataset rasterXSize="8" rasterYSize="8">
                      <VRTRasterBand dataType="Byte" band="1">
                        <SimpleSource><SourceFilename relativeToVRT="0">/vsicurl/http://127.0.0.1:%d/s.tif</SourceFilename>
                        <SourceBand>1</SourceBand></SimpleSource>
                      </VRTRasterBand>
                    </VRTDataset>""".formatted(server.getAddress().getPort());
            assertRefusedLeavingNothing(portal, "remote.vrt", vrt, "not_a_raster", "VRT");
            assertEquals(0, requests.get(), "the portal made no request on the uploader's behalf");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void anOgrVrtFeatureLayerNamingAnotherFileIsRefused(PortalServer portal) throws Exception {
        String vrt = """
                <OGRVRTDataSource><OGRVRTLayer name="stolen">
                  <SrcDataSource>%s</SrcDataSource>
                </OGRVRTLayer></OGRVRTDataSource>""".formatted(portal.home().resolve("db/rasterhub.mv.db"));
        RestClient api = RestClient.asAdmin(portal);
        var refused = api.upload("/api/features", "labels.geojson", vrt.getBytes(StandardCharsets.UTF_8));
        assertEquals(422, refused.status(), refused.body());
        assertEquals("not_a_feature_layer", refused.json().get("error").asText());
        assertTrue(refused.body().contains("OGR_VRT"), refused.body());
        assertFalse(refused.body().contains(portal.home().toString()), "no server path: " + refused.body());
        assertNothingLeft(portal, vrt);
    }

    @Test
    void aServerFolderVrtIsRefusedWithoutShowingTheServerPath(PortalServer portal) throws Exception {
        Files.writeString(portal.imageryFolder().resolve("passwd.tif"), """
                <VRTDataset rasterXSize="64" rasterYSize="16">
                  <VRTRasterBand dataType="Byte" band="1" subClass="VRTRawRasterBand">
                    <SourceFilename relativetoVRT="0">/etc/passwd</SourceFilename>
                  </VRTRasterBand>
                </VRTDataset>""");
        RestClient api = RestClient.asAdmin(portal);
        var refused = api.postJson("/api/rasters", "{\"folder\": \"imagery\", \"path\": \"passwd.tif\"}");
        assertEquals(422, refused.status(), refused.body());
        assertEquals("not_a_raster", refused.json().get("error").asText());
        assertTrue(refused.body().contains("imagery/passwd.tif: it is a VRT file"), refused.body());
        assertFalse(refused.body().contains(portal.imageryFolder().toString()), "no server path: " + refused.body());
    }

    private static void assertRefusedLeavingNothing(PortalServer portal, String name, String content, String error,
                                                    String driver) throws Exception {
        RestClient api = RestClient.asAdmin(portal);
        var refused = api.upload("/api/rasters", name, content.getBytes(StandardCharsets.UTF_8));

        assertEquals(422, refused.status(), refused.body());
        assertEquals(error, refused.json().get("error").asText());
        assertTrue(refused.body().contains(name + ": it is a " + driver), refused.body());
        assertTrue(refused.body().contains("which RasterHub does not open"), refused.body());
        assertFalse(refused.body().contains(portal.home().toString()), "no server path: " + refused.body());
        assertNothingLeft(portal, content);
    }

    // Other tests' runs may write blobs and work folders meanwhile: look for this upload's traces only.
    private static void assertNothingLeft(PortalServer portal, String content) throws Exception {
        String sha256 = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(content.getBytes(StandardCharsets.UTF_8)));
        assertFalse(Files.exists(portal.blob(sha256)), "no blob of the refused file");
        try (Stream<Path> staged = Files.list(portal.home().resolve("tmp"))) {
            List<String> left = staged.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("raster-") || n.startsWith("features-"))
                    .toList();
            assertEquals(List.of(), left, "no staging file left");
        }
    }
}
