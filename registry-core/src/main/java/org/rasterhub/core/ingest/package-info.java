/**
 * Turns an uploaded package (an untrusted zip) into a stored, catalogued item version: stream to a
 * staging file while hashing, inspect the archive from its central directory, read and check the
 * {@code .emd}, store the bytes content-addressed, register the version. Any failure rejects the
 * whole upload with every problem found and leaves nothing behind.
 */
package org.rasterhub.core.ingest;
