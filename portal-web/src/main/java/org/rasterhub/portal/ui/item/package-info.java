/** The item page: what a model is, its classes, its files and its full model definition. */
package org.rasterhub.portal.ui.item;
