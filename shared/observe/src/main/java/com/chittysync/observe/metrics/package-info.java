/** CloudWatch Embedded Metric Format: the contract's metrics and the writer of their documents. */
package com.chittysync.observe.metrics;
