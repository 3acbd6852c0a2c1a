/**
 * Runs in the portal: imagery uploads, the pre-flight check, durable run jobs on JobRunr (same
 * database), and the job that classifies pixels with the inference runner and stores the result.
 */
package org.rasterhub.portal.run;
