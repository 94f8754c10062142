package fixtures;

import java.awt.Color;
import java.awt.Toolkit;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import javax.imageio.ImageIO;
import javax.swing.JEditorPane;

public class Images {
    BufferedImage load(File f) throws IOException {
        return ImageIO.read(f); // want "ImageIO.read initializes JDK-wide AWT state"
    }

    void save(BufferedImage img, File f) throws IOException {
        ImageIO.write(img, "png", f); // want "ImageIO.write"
    }

    int dpi() {
        return Toolkit.getDefaultToolkit().getScreenResolution(); // want "Toolkit.getDefaultToolkit initializes"
    }

    JEditorPane pane() {
        return new JEditorPane(); // want "JEditorPane.<init>"
    }

    BufferedImage blank() {
        return new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB); // ok: plain raster, no AppContext
    }

    Color brand() {
        return Color.decode("#336699"); // ok
    }
}
