// Command loaderoverloads derives, from the running JDK's jmods, the java.* and javax.* methods
// and constructors that have an overload taking an explicit ClassLoader, for KP2014's data file.
package main
