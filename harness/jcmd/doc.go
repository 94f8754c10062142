// Package jcmd parses the output of the JVM diagnostic commands the harness runs (Thread.print,
// GC.class_histogram, VM.classloaders, VM.system_properties).
package jcmd
