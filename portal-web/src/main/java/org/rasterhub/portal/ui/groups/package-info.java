/** The groups page: every group with its members; users create groups, owners and administrators set members. */
package org.rasterhub.portal.ui.groups;
