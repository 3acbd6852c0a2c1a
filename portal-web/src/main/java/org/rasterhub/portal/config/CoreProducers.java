package org.rasterhub.portal.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import org.rasterhub.core.codescan.PackageFileScanner;
import org.rasterhub.core.emd.ModelDefinitionReader;
import org.rasterhub.core.ingest.PackageInspector;
import org.rasterhub.core.storage.BlobStore;
import org.rasterhub.core.storage.DataFolder;
import org.rasterhub.runner.engine.InferenceModels;

/** Makes the plain core classes injectable; the core itself carries no container annotations. */
@ApplicationScoped
public class CoreProducers {
    private final PortalSettings settings = PortalSettings.fromSystemProperties();

    @Produces
    public PortalSettings settings() {
        return settings;
    }

    @Produces
    @Singleton // one instance, not proxied: the core classes are final
    public DataFolder dataFolder() {
        return settings.dataFolder().create();
    }

    @Produces
    @Singleton // one instance, not proxied: the core classes are final
    public BlobStore blobStore(DataFolder folder) {
        return new BlobStore(folder);
    }

    @Produces
    public PackageInspector packageInspector() {
        return new PackageInspector(settings.archiveLimits());
    }

    @Produces
    @Singleton // loads and compiles the JSON Schema once
    public ModelDefinitionReader modelDefinitionReader() {
        return new ModelDefinitionReader();
    }

    /** The engines this portal's runner has: ONNX Runtime only, until the PyTorch engine is added. */
    @Produces
    @Singleton
    public PackageFileScanner packageFileScanner() {
        return new PackageFileScanner(InferenceModels.enginesHere());
    }

    @Produces
    public Clock clock() {
        return Clock.systemUTC();
    }
}
