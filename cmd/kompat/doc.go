// Command kompat checks that Java code is safe to run as a Koupleless module: it scans sources and
// jars, matches adapters, drives a real base through install/uninstall cycles and gates CI on the result.
package main
