/**
 * What an operator sees of ChittySync in CloudWatch: structured log lines and metrics, both written
 * to stdout, which Lambda ships to CloudWatch Logs. No AWS SDK, no network call on the hot path.
 *
 * <ul>
 *   <li>{@link com.chittysync.observe.log} is an SLF4J 2 provider of our own: one JSON object per
 *       line ({@code timestamp}, {@code level}, {@code logger}, {@code message}, {@code function},
 *       {@code request_id}, and from the MDC {@code registry}, {@code run_id}, {@code plan_id},
 *       {@code trigger}; {@code error} for a throwable, its class and message only). It replaces
 *       {@code slf4j-simple}: log4j2 or logback (which Powertools logging needs) would add a few
 *       megabytes and hundreds of classes to every cold start for the same lines. Outside Lambda it
 *       writes the human lines slf4j-simple wrote, unless asked for JSON ({@code --log-json}).
 *   <li>{@link com.chittysync.observe.metrics.Metrics} collects one invocation's metrics and writes
 *       them as CloudWatch Embedded Metric Format documents at its end, names, units and dimensions
 *       as {@link com.chittysync.observe.metrics.Metric} lists them (the contract the template's
 *       alarms and dashboard read).
 * </ul>
 *
 * <p>Design: a handler creates one {@code Metrics} per invocation, passes it to the one service it
 * calls (an extra parameter of the service's method, so services stay singletons without state per
 * invocation and nothing is static), and flushes it in a {@code finally}; {@link
 * com.chittysync.observe.Invocation} does that and the MDC's set-up and clearing in one
 * try-with-resources. A per-invocation Dagger scope would do the same with more machinery and would
 * tie the services' construction to a handler's lifetime.
 */
package com.chittysync.observe;
