package org.rasterhub.runner.raster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class GdalTest {

    @Test
    void loadsTheGdalThreeReleaseFromJavaLibraryPath() {
        assertTrue(Gdal.version().startsWith("3."), Gdal.version());
    }

    @Test
    void failsWithBuildInstructionsWhenTheJniLibraryIsNotOnJavaLibraryPath() throws Exception {
        // A fresh JVM: this one has already loaded the library, and java.library.path is read once.
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process probe = new ProcessBuilder(List.of(java,
                "-Djava.library.path=/nonexistent-gdal-dir",
                "-cp", System.getProperty("java.class.path"),
                GdalInitProbe.class.getName()))
            .redirectErrorStream(true)
            .start();
        assertTrue(probe.waitFor(60, TimeUnit.SECONDS), "probe JVM did not finish");
        String output = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertEquals(GdalInitProbe.EXIT_UNAVAILABLE, probe.exitValue(), output);
        assertTrue(output.contains(
            "libgdalalljni.so not found on java.library.path=/nonexistent-gdal-dir;"
                + " run scripts/build-gdal-jni.sh"), output);
    }
}
