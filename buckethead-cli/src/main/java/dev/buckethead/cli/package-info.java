/**
 * The {@code buckethead} command-line tool: what an operator needs while the application is down, built on
 * {@link dev.buckethead.snapshot.SnapshotRepository}. Start at {@link dev.buckethead.cli.BucketHeadCli}.
 */
@NullMarked
package dev.buckethead.cli;

import org.jspecify.annotations.NullMarked;
