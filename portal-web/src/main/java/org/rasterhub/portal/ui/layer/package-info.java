/** Pages of result layers: the list of layers one may see, a layer's page, and a layer on the map. */
package org.rasterhub.portal.ui.layer;
