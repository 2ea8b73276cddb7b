package dev.buckethead.cli;

import dev.buckethead.config.BucketHeadConfigException;
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
		catch (BucketHeadConfigException ex) {
			throw new TypeConversionException(String.join("; ", ex.problems()));
		}
	}

}
