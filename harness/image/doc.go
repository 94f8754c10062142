// Package image builds the reference base image for the container runtime on the local Docker
// engine, without any registry: a FROM scratch image over a jlink runtime of this machine's JDK
// (java plus jcmd), the shared libraries ldd names for it, a /tmp with mode 1777, a minimal
// /etc/passwd, the reference base jar and a small loopback bridge. The content hash of the inputs
// is stored in an image label, so an unchanged image is reused and a changed input rebuilds it.
//
// It also owns the connection to the engine (Engine, ErrNoEngine), which the container runtime
// and the cleanup command share.
package image
