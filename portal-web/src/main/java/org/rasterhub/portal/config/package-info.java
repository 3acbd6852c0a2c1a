/**
 * Wires the core services into the application server: reads the settings, declares the database,
 * and on startup prepares the data folder, applies the SQL migrations and creates the first admin.
 */
package org.rasterhub.portal.config;
