/**
 * Applies the SQL migrations of the repository's {@code sql/} folder, in order and once each, and
 * refuses to start on a database whose applied migrations were edited afterwards.
 */
package org.rasterhub.core.schema;
