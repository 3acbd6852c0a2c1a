package org.rasterhub.portal.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Uploads are authorised and size-checked before their body is read, stream into the data folder's
 * {@code tmp/} only, and hold no database connection while they arrive.
 */
@ExtendWith(PortalExtension.class)
class UploadStreamingIT {
    private static final String PASSWORD = "streaming-password-1";
    private static final long HUGE = 200L << 20;

    @Test
    void aViewersHugeUploadIsRefusedBeforeItsBodyIsRead(PortalServer portal) throws Exception {
        String viewer = "viewer-" + UUID.randomUUID().toString().substring(0, 8);
        RestClient.asAdmin(portal).createAccount(viewer, PASSWORD, "viewer");
        for (String path : List.of("/api/items", "/api/rasters", "/api/features")) {
            try (Socket socket = startUpload(portal, path, viewer, PASSWORD, HUGE)) {
                // Only 1 MiB of the announced 200 MiB is sent: the answer must come without the rest.
                assertEquals(403, status(socket), path);
            }
        }
    }

    @Test
    void aNonOwnersThumbnailUploadIsRefusedBeforeItsBodyIsRead(PortalServer portal) throws Exception {
        RestClient admin = RestClient.asAdmin(portal);
        long item = admin.upload("Owned.dlpk", org.rasterhub.core.testing.TestPackages.aPackage().bytes())
                .json().get("id").asLong();
        assertEquals(200, admin.putJson("/api/items/" + item + "/sharing", "{\"sharing\": \"organization\"}").status());
        String other = "other-" + UUID.randomUUID().toString().substring(0, 8);
        admin.createAccount(other, PASSWORD, "user");
        try (Socket socket = startUpload(portal, "/api/items/" + item + "/thumbnail", "PUT", other, PASSWORD, HUGE)) {
            assertEquals(403, status(socket));
        }
    }

    @Test
    void anUploadAnnouncedLargerThanTheLimitIs413AtOnce(PortalServer portal) throws Exception {
        try (Socket socket = startUpload(portal, "/api/items", "admin", PortalServer.ADMIN_PASSWORD, 64L << 30)) {
            assertEquals(413, status(socket));
        }
    }

    @Test
    void twentySlowUploadsHoldNoDatabaseConnectionAndLeaveNothingWhenCutOff(PortalServer portal) throws Exception {
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                slow.add(startUpload(portal, "/api/items", "admin", PortalServer.ADMIN_PASSWORD, 50L << 20));
            }
            Thread.sleep(1000); // every upload is now being received, none finished
            long started = System.nanoTime();
            var list = RestClient.asAdmin(portal).get("/api/items?size=1");
            long millis = (System.nanoTime() - started) / 1_000_000;
            assertEquals(200, list.status(), list.body());
            assertTrue(millis < 10_000, "the catalog answered in " + millis + " ms while 20 uploads arrive");
            assertTrue(stagingFolders(portal) > 0, "the uploads stream into the data folder's tmp/");
        } finally {
            for (Socket socket : slow) {
                socket.close();
            }
        }
        long deadline = System.currentTimeMillis() + 15_000;
        while (stagingFolders(portal) > 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
        }
        assertEquals(0, stagingFolders(portal), "uploads cut off leave no staging folder");
    }

    private static long stagingFolders(PortalServer portal) throws Exception {
        try (Stream<Path> entries = Files.list(portal.home().resolve("tmp"))) {
            return entries.filter(p -> p.getFileName().toString().startsWith("upload-")).count();
        }
    }

    private static Socket startUpload(PortalServer portal, String path, String user, String password, long announced)
            throws Exception {
        return startUpload(portal, path, "POST", user, password, announced);
    }

    /** Sends the headers and the first MiB of a multipart upload announced as {@code announced} bytes. */
    private static Socket startUpload(PortalServer portal, String path, String method, String user, String password,
                                      long announced) throws Exception {
        Socket socket = new Socket("localhost", portal.uri("/").getPort());
        socket.setSoTimeout(20_000);
        String boundary = "rasterhub-" + UUID.randomUUID();
        String authorization = Base64.getEncoder().encodeToString((user + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
        OutputStream out = socket.getOutputStream();
        out.write((method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic " + authorization
                + "\r\nContent-Type: multipart/form-data; boundary=" + boundary
                + "\r\nContent-Length: " + announced + "\r\n\r\n--" + boundary
                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.zip\""
                + "\r\nContent-Type: application/octet-stream\r\n\r\nPK\u0003\u0004").getBytes(StandardCharsets.ISO_8859_1));
        out.write(new byte[1 << 20]);
        out.flush();
        return socket;
    }

    private static int status(Socket socket) throws Exception {
        try {
            String line = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1))
                    .readLine();
            return Integer.parseInt(line.split(" ")[1]);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no answer within 20 s: the server waits for the whole body", e);
        }
    }
}
