// Package classfile reads JVM class files (constant pool, members, code, debug and annotation
// attributes) and lowers them into the frontend-neutral rules/ir model.
package classfile
