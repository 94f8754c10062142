package fixtures;

import java.rmi.RemoteException;
import java.rmi.registry.LocateRegistry;
import java.rmi.registry.Registry;
import java.rmi.server.UnicastRemoteObject;

public class Remote {
    public interface Orders extends java.rmi.Remote {
        int count() throws RemoteException;
    }

    private Registry registry;

    void start(Orders service) throws RemoteException {
        registry = LocateRegistry.createRegistry(1099); // want "LocateRegistry.createRegistry exports a remote object"
        registry.rebind("orders", UnicastRemoteObject.exportObject(service, 0)); // want "UnicastRemoteObject.exportObject exports a remote object into the JVM-wide RMI object table"
    }

    Registry client() throws RemoteException {
        return LocateRegistry.getRegistry("localhost", 1099); // ok: a client-side stub, nothing exported
    }
}
