package fixtures;

import java.beans.PropertyEditor;
import java.beans.PropertyEditorManager;
import java.beans.PropertyEditorSupport;

public class Editors {
    public static class Money {
    }

    public static class MoneyEditor extends PropertyEditorSupport {
    }

    public static class Rate {
    }

    public static class RateEditor extends PropertyEditorSupport {
    }

    static {
        PropertyEditorManager.registerEditor(Money.class, MoneyEditor.class); // want "installs a JVM-wide property editor for Money and no registerEditor\\(Money, null\\)"
    }

    void registerRate() {
        PropertyEditorManager.registerEditor(Rate.class, RateEditor.class); // ok: removed in close()
    }

    PropertyEditor find() {
        return PropertyEditorManager.findEditor(Money.class); // ok: a lookup
    }

    @PreDestroy
    void close() {
        PropertyEditorManager.registerEditor(Rate.class, null); // ok: the removal
    }
}
