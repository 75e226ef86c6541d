// Package release holds no code: its tests check a release that make
// release-check built (see release_test.go).
package release
