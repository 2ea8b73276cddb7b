package dev.buckethead;

import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

/** Collects what BucketHead logs at INFO and above while open, so a test can assert what an operator reads. */
public final class LogCapture implements AutoCloseable {

	private final Logger logger = (Logger) LoggerFactory.getLogger("dev.buckethead");

	private final Level previous = logger.getLevel();

	private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

	public LogCapture() {
		appender.start();
		logger.addAppender(appender);
		logger.setLevel(Level.INFO);
	}

	/** Every message so far, formatted, prefixed with its level: {@code "WARN Set aside ..."}. */
	public List<String> lines() {
		return appender.list.stream().map((event) -> event.getLevel() + " " + event.getFormattedMessage()).toList();
	}

	@Override
	public void close() {
		logger.detachAppender(appender);
		logger.setLevel(previous);
	}

}
