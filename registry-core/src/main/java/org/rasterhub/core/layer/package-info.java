/** Result layers: each output of a run as an item of its own, shared like model items. */
package org.rasterhub.core.layer;
