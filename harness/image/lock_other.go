//go:build !unix

package image

// lockFile is a no-op where flock is missing; the in-process mutex still serializes builds.
func lockFile(string) (func(), error) { return func() {}, nil }
