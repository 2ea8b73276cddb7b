package dev.buckethead.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A hung endpoint: it accepts TCP connections on {@code 127.0.0.1} and never answers, as a stopped (SIGSTOP) or
 * wedged S3 server looks to a client whose connection the kernel still accepts. Requests to it fail only by their
 * read time-out. Close it to drop every connection.
 */
public final class SilentServer implements AutoCloseable {

	private final ServerSocket socket;

	private final List<Socket> accepted = new CopyOnWriteArrayList<>();

	private final Thread acceptor;

	private SilentServer(ServerSocket socket) {
		this.socket = socket;
		this.acceptor = new Thread(this::acceptForever, "silent-server-" + socket.getLocalPort());
		this.acceptor.setDaemon(true);
		this.acceptor.start();
	}

	/** Listens on a free port from now until {@link #close()}. */
	public static SilentServer start() {
		try {
			return new SilentServer(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot listen on a free port", ex);
		}
	}

	/** {@code http://127.0.0.1:<port>}. */
	public URI endpoint() {
		return URI.create("http://127.0.0.1:" + socket.getLocalPort());
	}

	/** Connections accepted so far. */
	public int connections() {
		return accepted.size();
	}

	private void acceptForever() {
		while (!socket.isClosed()) {
			try {
				accepted.add(socket.accept());
			}
			catch (IOException ex) {
				// Closed: the loop ends.
			}
		}
	}

	@Override
	public void close() {
		try {
			socket.close();
			for (Socket connection : accepted) {
				connection.close();
			}
			acceptor.join(5_000);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
