/**
 * Says before a run is queued whether it can run here, and why not: ArcGIS users' top complaint is
 * packages that fail late, at run time, with vague errors. Errors block the run; warnings are shown
 * and the run may go ahead.
 */
package org.rasterhub.runner.preflight;
