//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly || windows)

package remediation

import (
	"errors"
	"os"
)

var errNoLock = errors.New("this operating system has no file lock the provider can use")

// tryLock fails: without a lock the guard fails closed.
func tryLock(*os.File) (bool, error) { return false, errNoLock }

func privateDir(string) error { return errNoLock }

func userSuffix() string { return "" }
