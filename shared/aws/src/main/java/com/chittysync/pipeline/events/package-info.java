/**
 * The pipeline's events as they travel on the bus: {@link
 * com.chittysync.pipeline.events.SyncRequested}, {@link com.chittysync.pipeline.events.PlanReady}
 * and {@link com.chittysync.pipeline.events.SyncCompleted}, each with its detail type, its detail
 * JSON and a parser that refuses a malformed detail naming the field.
 *
 * <p>They live in chittysync-aws, next to {@link com.chittysync.aws.EventPublisher}, because both
 * the webhook's intake and the pipeline put them: intake must not depend on the pipeline's engine
 * and endpoints. Their detail JSON is the bus's contract with deployed rules and consumers: field
 * names and values do not change.
 */
package com.chittysync.pipeline.events;
