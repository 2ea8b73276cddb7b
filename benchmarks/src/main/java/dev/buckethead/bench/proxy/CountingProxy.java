package dev.buckethead.bench.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A reverse proxy on loopback in front of an HTTP/1.1 server (here S3Proxy) that counts what passes: each request
 * by method with its body's bytes, each response's body bytes, and the raw bytes each way. It relays every byte
 * unchanged (Host header, signatures, {@code Expect: 100-continue} and keep-alive all pass as they are), so one
 * proxy per tool measures two tools identically, whatever S3 SDK each uses. A byte is counted before it is
 * relayed: once a client has read a whole response, its exchange is in {@link #traffic()}.
 */
public final class CountingProxy implements AutoCloseable {

	private static final int BUFFER = 64 * 1024;

	private final String name;

	private final InetSocketAddress upstream;

	private final ServerSocket server;

	private final ExecutorService threads;

	private final List<Exchange> exchanges = new ArrayList<>();

	private final AtomicLong wireUp = new AtomicLong();

	private final AtomicLong wireDown = new AtomicLong();

	private final Set<Socket> open = ConcurrentHashMap.newKeySet();

	private final Deque<String> failures = new ConcurrentLinkedDeque<>();

	private volatile boolean closed;

	private CountingProxy(String name, InetSocketAddress upstream, ServerSocket server) {
		this.name = name;
		this.upstream = upstream;
		this.server = server;
		this.threads = Executors.newCachedThreadPool((r) -> {
			Thread t = new Thread(r, "proxy-" + name);
			t.setDaemon(true);
			return t;
		});
	}

	/** Starts a proxy named {@code name} on a free loopback port in front of {@code upstream} (http only). */
	public static CountingProxy start(String name, URI upstream) {
		if (!"http".equals(upstream.getScheme())) {
			throw new IllegalArgumentException("the counting proxy relays plain http only, not " + upstream);
		}
		try {
			ServerSocket server = new ServerSocket(0, 64, InetAddress.getLoopbackAddress());
			CountingProxy proxy = new CountingProxy(name, new InetSocketAddress(upstream.getHost(),
					upstream.getPort() < 0 ? 80 : upstream.getPort()), server);
			proxy.threads.execute(proxy::accept);
			return proxy;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot open a loopback port for the counting proxy", ex);
		}
	}

	/** Where clients connect instead of the upstream server. */
	public URI endpoint() {
		return URI.create("http://127.0.0.1:" + server.getLocalPort());
	}

	public String name() {
		return name;
	}

	/** Everything counted so far. */
	public Traffic traffic() {
		synchronized (exchanges) {
			return new Traffic(exchanges, wireUp.get(), wireDown.get());
		}
	}

	/** Why the proxy stopped following some connection's HTTP (the bytes were still relayed); empty when none. */
	public List<String> failures() {
		return List.copyOf(failures);
	}

	@Override
	public void close() {
		closed = true;
		closeQuietly(server);
		open.forEach(CountingProxy::closeQuietly);
		threads.shutdownNow();
	}

	private void accept() {
		while (!closed) {
			Socket client;
			try {
				client = server.accept();
			}
			catch (IOException ex) {
				if (!closed) {
					failures.add("accept: " + ex);
				}
				return;
			}
			threads.execute(() -> serve(client));
		}
	}

	private void serve(Socket client) {
		Socket target = new Socket();
		open.add(client);
		open.add(target);
		AtomicInteger directionsDone = new AtomicInteger();
		try {
			client.setTcpNoDelay(true);
			target.setTcpNoDelay(true);
			target.connect(upstream, 10_000);
		}
		catch (IOException ex) {
			failures.add("connect to " + upstream + ": " + ex);
			closeBoth(client, target);
			return;
		}
		Deque<Pending> pending = new ConcurrentLinkedDeque<>();
		MessageTracker requests = new MessageTracker(new RequestListener(pending));
		MessageTracker responses = new MessageTracker(new ResponseListener(pending));
		threads.execute(() -> pump(client, target, requests, wireUp, directionsDone));
		pump(target, client, responses, wireDown, directionsDone);
	}

	/**
	 * Copies {@code from} to {@code to}, each read fed to {@code tracker} before it is written on. At the end of
	 * the stream it passes the half-close on; the connection closes when both directions have ended, or at once
	 * on an error.
	 */
	private void pump(Socket from, Socket to, MessageTracker tracker, AtomicLong wire, AtomicInteger directionsDone) {
		byte[] buffer = new byte[BUFFER];
		try {
			InputStream in = from.getInputStream();
			OutputStream out = to.getOutputStream();
			int n;
			while ((n = in.read(buffer)) >= 0) {
				wire.addAndGet(n);
				tracker.feed(buffer, 0, n);
				out.write(buffer, 0, n);
			}
			tracker.endOfStream();
			to.shutdownOutput();
			if (directionsDone.incrementAndGet() == 2) {
				closeBoth(from, to);
			}
		}
		catch (IOException ex) {
			// A peer reset or closed the connection (a client dropping an idle keep-alive connection, or close()).
			closeBoth(from, to);
		}
		finally {
			if (tracker.failure() != null) {
				failures.add(name + ": stopped following a connection's HTTP: " + tracker.failure());
			}
		}
	}

	private void closeBoth(Socket a, Socket b) {
		closeQuietly(a);
		closeQuietly(b);
		open.remove(a);
		open.remove(b);
	}

	private static void closeQuietly(AutoCloseable c) {
		try {
			c.close();
		}
		catch (Exception ignored) {
			// closing anyway
		}
	}

	/** A request line's method and target, or a status line's version and code: the first two words. */
	private static String[] startLine(String line, String kind) {
		String[] parts = line.split(" ", 3);
		if (parts.length < 2) {
			throw new IllegalArgumentException("not an HTTP " + kind + " line: " + line);
		}
		return parts;
	}

	/** A request whose response has not ended yet. */
	private static final class Pending {

		final String method;

		final String target;

		final long startNanos;

		volatile long bodyBytes;

		Pending(String method, String target, long startNanos) {
			this.method = method;
			this.target = target;
			this.startNanos = startNanos;
		}

	}

	private static final class RequestListener implements MessageTracker.Listener {

		private final Deque<Pending> pending;

		private Pending current;

		private boolean chunked;

		RequestListener(Deque<Pending> pending) {
			this.pending = pending;
		}

		@Override
		public BodyFraming onHead(String startLine, Map<String, String> headers) {
			String[] parts = startLine(startLine, "request");
			current = new Pending(parts[0], parts[1], System.nanoTime());
			BodyFraming framing = BodyFraming.ofRequest(headers);
			long decoded = decodedLength(headers);
			// The declared length counts at once: a server may answer as soon as it has the payload, before the
			// last framing bytes (aws-chunked's final chunk and trailers) have passed the proxy.
			current.bodyBytes = decoded >= 0 ? decoded : framing.kind() == BodyFraming.Kind.FIXED ? framing.length() : 0;
			chunked = decoded < 0 && framing.kind() == BodyFraming.Kind.CHUNKED;
			// Queued before the head is relayed, so its response cannot arrive first.
			pending.addLast(current);
			return framing;
		}

		@Override
		public void onEnd(long bodyBytes, long wireBytes) {
			if (chunked) {
				current.bodyBytes = bodyBytes; // no declared length: what passed
			}
		}

		/**
		 * The payload's length when the body is sent {@code aws-chunked} (AWS SDK v2 signs each chunk): the data
		 * uploaded, without the chunk signatures, which count in the wire bytes only; -1 otherwise.
		 */
		private static long decodedLength(Map<String, String> headers) {
			String value = headers.get("x-amz-decoded-content-length");
			try {
				return value == null ? -1 : Long.parseLong(value.trim());
			}
			catch (NumberFormatException ex) {
				throw new IllegalArgumentException("malformed x-amz-decoded-content-length: " + value, ex);
			}
		}

	}

	private final class ResponseListener implements MessageTracker.Listener {

		private final Deque<Pending> pending;

		private int status;

		ResponseListener(Deque<Pending> pending) {
			this.pending = pending;
		}

		@Override
		public BodyFraming onHead(String startLine, Map<String, String> headers) {
			String[] parts = startLine(startLine, "status");
			if (!parts[0].startsWith("HTTP/")) {
				throw new IllegalArgumentException("not an HTTP status line: " + startLine);
			}
			try {
				status = Integer.parseInt(parts[1]);
			}
			catch (NumberFormatException ex) {
				throw new IllegalArgumentException("not an HTTP status line: " + startLine, ex);
			}
			Pending request = pending.peekFirst();
			return BodyFraming.ofResponse(request == null ? "" : request.method, status, headers);
		}

		@Override
		public void onEnd(long bodyBytes, long wireBytes) {
			if (status / 100 == 1) {
				return; // an interim response (100 Continue): the final one follows
			}
			Pending request = pending.pollFirst();
			if (request == null) {
				failures.add("a response without a request");
				return;
			}
			Exchange exchange = new Exchange(request.method, request.target, status, request.startNanos,
					System.nanoTime(), request.bodyBytes, bodyBytes);
			synchronized (exchanges) {
				exchanges.add(exchange);
			}
		}

	}

}
