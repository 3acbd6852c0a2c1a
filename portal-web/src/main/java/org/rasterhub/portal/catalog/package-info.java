/**
 * The portal's transactional face of the core catalog and ingest: one service that the upload
 * form and the REST API both call, returning plain read models that outlive the transaction.
 */
package org.rasterhub.portal.catalog;
