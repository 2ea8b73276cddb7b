package dev.buckethead.autoconfigure.test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;

/** The configuration the tests' slices and {@code @SpringBootTest}s find. */
@SpringBootConfiguration
@EnableAutoConfiguration
class TestApplication {

}
