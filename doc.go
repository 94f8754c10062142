// Package kompat carries the Java sources kompat bundles into its binary (the reference base and
// the test modules of `kompat verify --example`), so that an installed binary needs only a JDK.
package kompat
