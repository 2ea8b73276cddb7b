package dev.buckethead.live;

import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Which pages a capture carries, given what was recorded, captured and acknowledged before it. */
class ChangedPagesTest {

	static Stream<Arguments> cases() {
		return Stream.of(
				// name, what happens before the capture, page count at the capture, expected pages, base
				row("first capture is a base", (c) -> c.record(2, 0), 3, new int[] { 1, 2, 3 }, true),
				row("after a base only recorded pages", (c) -> {
					acknowledgedBase(c, 10);
					c.record(7, 0);
					c.record(3, 10);
				}, 10, new int[] { 3, 7 }, false),
				row("nothing recorded: nothing carried", (c) -> acknowledgedBase(c, 10), 10, new int[0], false),
				row("an unacknowledged capture is folded in", (c) -> {
					acknowledgedBase(c, 10);
					c.record(4, 0);
					c.take(10, false);
					c.record(5, 0);
				}, 10, new int[] { 4, 5 }, false),
				row("pages beyond a shrink are dropped", (c) -> {
					acknowledgedBase(c, 10);
					c.record(9, 0);
					c.record(2, 5);
				}, 5, new int[] { 2 }, false),
				row("growth carries every new page", (c) -> {
					acknowledgedBase(c, 4);
					c.record(5, 6);
				}, 6, new int[] { 5, 6 }, false),
				row("shrink then regrowth resends the regrown range", (c) -> {
					acknowledgedBase(c, 10);
					c.record(1, 3);
					c.record(6, 8);
				}, 8, new int[] { 1, 4, 5, 6, 7, 8 }, false),
				row("invalidation requires a base", (c) -> {
					acknowledgedBase(c, 4);
					c.invalidate();
				}, 4, new int[] { 1, 2, 3, 4 }, true));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("cases")
	void carries(String name, Consumer<ChangedPages> before, long pageCount, int[] expected, boolean base) {
		ChangedPages changes = new ChangedPages();
		before.accept(changes);
		ChangedPages.Taken taken = changes.take(pageCount, false);
		assertThat(taken.pages()).containsExactly(expected);
		assertThat(taken.base()).isEqualTo(base);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("acknowledgements")
	void acknowledges(String name, boolean expected) {
		ChangedPages changes = new ChangedPages();
		ChangedPages.Taken first = changes.take(3, false);
		switch (name) {
			case "the newest capture" -> assertThat(changes.acknowledge(first)).isEqualTo(expected);
			case "an older capture" -> {
				changes.take(3, false);
				assertThat(changes.acknowledge(first)).isEqualTo(expected);
			}
			case "a capture from before an invalidation" -> {
				changes.invalidate();
				assertThat(changes.acknowledge(first)).isEqualTo(expected);
				assertThat(changes.baseRequired()).isTrue();
			}
			default -> throw new IllegalArgumentException(name);
		}
	}

	static Stream<Arguments> acknowledgements() {
		return Stream.of(Arguments.of("the newest capture", true), Arguments.of("an older capture", false),
				Arguments.of("a capture from before an invalidation", false));
	}

	private static void acknowledgedBase(ChangedPages changes, long pageCount) {
		assertThat(changes.acknowledge(changes.take(pageCount, true))).isTrue();
	}

	private static Arguments row(String name, Consumer<ChangedPages> before, long pageCount, int[] expected,
			boolean base) {
		return Arguments.of(name, before, pageCount, expected, base);
	}

}
