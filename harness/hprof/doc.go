// Package hprof reads a JVM heap dump in the HPROF 1.0.2 binary format (what `jcmd <pid>
// GC.heap_dump` writes) in one streamed pass and finds the shortest strong reference path from a
// GC root to an object, ignoring the referent of java.lang.ref.Reference objects (soft, weak,
// phantom and final references do not keep anything alive).
//
// Memory is bounded by the object graph, never by the file: the dump is read through a fixed
// buffer, primitive arrays are skipped, and what is kept per object is its id, class and outgoing
// references (about 24 bytes per object plus 12 per non-null reference).
package hprof
