package dev.buckethead.kv;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class KeyRangeTests {

	@Test
	void incrementsTheLastCharacter() {
		assertThat(KeyRange.upperBound("user/")).isEqualTo("user0");
		assertThat(KeyRange.upperBound("a%")).isEqualTo("a&");
	}

	@Test
	void incrementsASupplementaryCodePointAsAWhole() {
		assertThat(KeyRange.upperBound("x\uD83D\uDE00")).isEqualTo("x\uD83D\uDE01");
	}

	@Test
	void skipsTheSurrogateRange() {
		assertThat(KeyRange.upperBound("a\uD7FF")).isEqualTo("a\uE000");
	}

	@Test
	void carriesPastTheLastCodePoint() {
		String max = new String(Character.toChars(Character.MAX_CODE_POINT));
		assertThat(KeyRange.upperBound("a" + max + max)).isEqualTo("b");
		assertThat(KeyRange.upperBound(max)).isNull();
	}

	@Test
	void emptyPrefixHasNoUpperBound() {
		assertThat(KeyRange.upperBound("")).isNull();
	}

}
