package org.rasterhub.portal.run;

/** A server file that cannot be registered: unknown folder, a path leaving it, no such file. */
public final class ServerFileException extends Exception {
    public ServerFileException(String folder, String path, String reason) {
        super("imagery folder \"" + folder + "\"" + (path == null ? "" : ", path \"" + path + "\"") + ": " + reason);
    }
}
