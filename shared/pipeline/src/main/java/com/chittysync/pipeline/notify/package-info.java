/**
 * Tells people in a chat channel when a registry's runs turn from healthy to failing or needing
 * attention, and when they recover: one message per change of state, not one per run, through an
 * incoming webhook ({@code CHITTYSYNC_NOTIFY_WEBHOOK}).
 */
package com.chittysync.pipeline.notify;
