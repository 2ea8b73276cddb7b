package dev.buckethead.sample;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpInputMessage;
import org.springframework.http.HttpOutputMessage;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.AbstractHttpMessageConverter;
import org.springframework.web.ErrorResponseException;

/**
 * Reads {@code @RequestBody String} parameters strictly: in the charset of the {@code Content-Type} (UTF-8 when it
 * names none), refusing bytes that are not valid in it with a 400 problem detail. Spring's own string converter
 * replaces them with U+FFFD, so a body that is not text would be stored as different text than was sent.
 * Writing strings is left to Spring's converter.
 */
class StrictTextConverter extends AbstractHttpMessageConverter<String> {

	StrictTextConverter() {
		super(StandardCharsets.UTF_8, MediaType.TEXT_PLAIN, MediaType.ALL);
	}

	@Override
	protected boolean supports(Class<?> clazz) {
		return String.class == clazz;
	}

	@Override
	public boolean canWrite(Class<?> clazz, @Nullable MediaType mediaType) {
		return false;
	}

	@Override
	protected String readInternal(Class<? extends String> clazz, HttpInputMessage input) throws IOException {
		MediaType type = input.getHeaders().getContentType();
		Charset charset = (type != null && type.getCharset() != null) ? type.getCharset() : StandardCharsets.UTF_8;
		ByteBuffer body = ByteBuffer.wrap(input.getBody().readAllBytes());
		CharsetDecoder decoder = charset.newDecoder()
			.onMalformedInput(CodingErrorAction.REPORT)
			.onUnmappableCharacter(CodingErrorAction.REPORT);
		try {
			return decoder.decode(body).toString();
		}
		catch (CharacterCodingException ex) {
			// The decoder stops with the buffer at the first byte it could not decode.
			ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
					"The request body is not valid " + charset.name() + " text: byte " + body.position()
							+ " starts an invalid sequence. Send text encoded as " + charset.name()
							+ " (the Content-Type's charset, UTF-8 when it names none); binary data goes to PUT /files.");
			problem.setTitle("Request body is not text");
			throw new ErrorResponseException(HttpStatus.BAD_REQUEST, problem, ex);
		}
	}

	@Override
	protected void writeInternal(String text, HttpOutputMessage output) {
		throw new UnsupportedOperationException("StrictTextConverter only reads");
	}

}
