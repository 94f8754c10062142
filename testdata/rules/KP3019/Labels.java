package fixtures;

import java.util.Locale;
import java.util.ResourceBundle;

public class Labels {
    String label(String key, Locale locale) {
        return ResourceBundle.getBundle("labels", locale).getString(key); // want "ResourceBundle.getBundle caches the bundle"
    }

    ResourceBundle bundle() {
        return ResourceBundle.getBundle("labels"); // want "nothing in the code base clears it"
    }

    String text(ResourceBundle bundle, String key) {
        return bundle.getString(key); // ok: uses a bundle it was given
    }
}
