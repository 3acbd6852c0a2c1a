/**
 * Content-addressed storage under the data folder: every stored file is named by the SHA-256 of its
 * bytes, written to a temporary file, forced to disk and renamed atomically into place, so a reader
 * never sees a half-written blob and the same bytes are stored once.
 */
package org.rasterhub.core.storage;
