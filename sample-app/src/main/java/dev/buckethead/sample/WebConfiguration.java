package dev.buckethead.sample;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Requests are taken as sent or refused, never rewritten: no {@code ;} path parameters, and text bodies that
 * really are text. Refusals are 400 problem details ({@code spring.mvc.problemdetails.enabled}).
 */
@Configuration(proxyBeanMethods = false)
class WebConfiguration implements WebMvcConfigurer {

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(new MatrixParametersInterceptor());
	}

	/** Spring Boot puts converter beans ahead of its defaults, so this one reads every String body. */
	@Bean
	HttpMessageConverter<String> strictTextConverter() {
		return new StrictTextConverter();
	}

}
