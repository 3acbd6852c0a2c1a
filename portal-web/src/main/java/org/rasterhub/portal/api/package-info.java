/**
 * The REST API under {@code /api}: JSON in and out, HTTP Basic for identity, one table from error
 * type to HTTP status ({@link org.rasterhub.portal.api.ApiExceptionMappers}), JSON written by Jackson. Resources call the
 * same services as the UI, so both behave alike. Documented in docs/api.md.
 */
package org.rasterhub.portal.api;
