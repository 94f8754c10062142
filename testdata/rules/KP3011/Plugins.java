package fixtures;

import javax.imageio.ImageIO;
import javax.imageio.spi.IIORegistry;
import javax.imageio.spi.ImageReaderSpi;

public class Plugins {
    void scan() {
        ImageIO.scanForPlugins(); // want "ImageIO.scanForPlugins adds image reader/writer plug-ins to the JVM-wide IIORegistry"
    }

    void register(ImageReaderSpi spi) {
        IIORegistry registry = IIORegistry.getDefaultInstance();
        registry.registerServiceProvider(spi); // want "IIORegistry.registerServiceProvider"
    }

    void registerInline(ImageReaderSpi spi) {
        IIORegistry.getDefaultInstance().registerServiceProvider(spi, ImageReaderSpi.class); // want "nothing in the code base deregisters one"
    }

    void tune() {
        ImageIO.setUseCache(false); // ok: not a registration
    }
}
