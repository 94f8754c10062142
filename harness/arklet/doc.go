// Package arklet is a client for the Koupleless arklet HTTP protocol (POST /<command>, HTTP 200 with
// the outcome in "code", close-delimited bodies, states in either case), with a timeout on every call.
package arklet
