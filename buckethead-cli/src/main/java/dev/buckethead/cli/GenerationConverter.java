package dev.buckethead.cli;

import dev.buckethead.snapshot.RestorePoint;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code --generation}: a generation id, checked for its form before anything is downloaded. */
final class GenerationConverter implements ITypeConverter<RestorePoint> {

	@Override
	public RestorePoint convert(String value) {
		try {
			return RestorePoint.generation(value);
		}
		catch (IllegalArgumentException ex) {
			throw new TypeConversionException(String.valueOf(ex.getMessage()));
		}
	}

}
