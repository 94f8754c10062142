// Package ir is the frontend-neutral model of Java code (classes, members and the operations in
// method bodies) that the source and bytecode frontends produce and every rule reads.
package ir
