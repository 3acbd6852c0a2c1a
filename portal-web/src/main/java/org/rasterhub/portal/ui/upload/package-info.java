/** Uploading a model package from the browser, with progress and every problem listed on refusal. */
package org.rasterhub.portal.ui.upload;
