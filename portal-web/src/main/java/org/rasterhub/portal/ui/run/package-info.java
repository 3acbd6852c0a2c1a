/** Runs in the browser: the run form on an item page and the run page with live progress. */
package org.rasterhub.portal.ui.run;
