//go:build windows

package remediation

import (
	"errors"
	"os"

	"golang.org/x/sys/windows"
)

// tryLock takes an exclusive lock on the first byte of f without waiting;
// it reports false when another handle holds it. The lock ends when f is
// closed, also when the process dies.
func tryLock(f *os.File) (bool, error) {
	ol := new(windows.Overlapped)
	err := windows.LockFileEx(windows.Handle(f.Fd()), windows.LOCKFILE_EXCLUSIVE_LOCK|windows.LOCKFILE_FAIL_IMMEDIATELY, 0, 1, 0, ol)
	if errors.Is(err, windows.ERROR_LOCK_VIOLATION) {
		return false, nil
	}
	return err == nil, err
}

// privateDir checks that dir is a directory and not a link; the default
// directory is below the user's own temporary directory.
func privateDir(dir string) error {
	fi, err := os.Lstat(dir)
	switch {
	case err != nil:
		return err
	case fi.Mode()&os.ModeSymlink != 0 || !fi.IsDir():
		return errors.New("it is not a directory")
	}
	return nil
}

// userSuffix is empty: each Windows user has a temporary directory of
// their own.
func userSuffix() string { return "" }
