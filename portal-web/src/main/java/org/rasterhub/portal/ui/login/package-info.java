/** Sign-in with a RasterHub account. */
package org.rasterhub.portal.ui.login;
