/** The accounts page for administrators: every account with its role and groups, new accounts, roles, passwords. */
package org.rasterhub.portal.ui.accounts;
