/** The SLF4J 2 provider writing ChittySync's log lines: JSON in Lambda, human text elsewhere. */
package com.chittysync.observe.log;
