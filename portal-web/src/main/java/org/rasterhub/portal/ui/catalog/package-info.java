/** The catalog list: every item with its model type, framework and classes at a glance. */
package org.rasterhub.portal.ui.catalog;
