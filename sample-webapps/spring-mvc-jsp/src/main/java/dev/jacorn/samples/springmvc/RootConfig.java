package dev.jacorn.samples.springmvc;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The root application context: what outlives the web layer (here, the owners). */
@Configuration
public class RootConfig {

    @Bean
    public OwnerRepository ownerRepository() {
        return new OwnerRepository();
    }
}
