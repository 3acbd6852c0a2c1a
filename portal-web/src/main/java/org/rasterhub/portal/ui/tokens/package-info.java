/** "My tokens": personal API tokens for scripts, created (shown once), listed and revoked by their owner. */
package org.rasterhub.portal.ui.tokens;
