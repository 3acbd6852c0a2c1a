/** The frame around every signed-in page: header, navigation, the user and sign-out. */
package org.rasterhub.portal.ui.layout;
