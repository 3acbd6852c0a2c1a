/**
 * Catalog search: our own inverted index in plain SQL ({@code sql/V9__search_index.sql}), so the same
 * queries run on H2 and PostgreSQL. {@link org.rasterhub.portal.catalog.search.SearchText} cuts text
 * into words, {@link org.rasterhub.portal.catalog.search.SearchIndex} keeps the index in step with
 * the catalog, {@link org.rasterhub.portal.catalog.search.SearchQuery} is a checked request and
 * {@link org.rasterhub.portal.catalog.search.CatalogSearch} answers it with one page and the total,
 * both filtered by {@link org.rasterhub.portal.catalog.ItemAccess} inside the SQL so that counts and
 * pages never include an item the caller may not see.
 */
package org.rasterhub.portal.catalog.search;
