package fixtures;

import java.security.Policy;
import java.security.ProtectionDomain;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;

public class Security {
    boolean allowed(ProtectionDomain pd, java.security.Permission p) {
        return Policy.getPolicy().implies(pd, p); // want "Policy.getPolicy from module code"
    }

    AppConfigurationEntry[] entries(String name) {
        return Configuration.getConfiguration().getAppConfigurationEntry(name); // want "Configuration.getConfiguration"
    }

    String property() {
        return java.security.Security.getProperty("policy.provider"); // ok: reads a property
    }
}
