/**
 * The browser UI in Vaadin Flow: thin views that lay out components, call one service per user
 * action and show the result. Sub-packages hold one screen each.
 */
package org.rasterhub.portal.ui;
