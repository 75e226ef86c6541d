//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package remediation

import (
	"errors"
	"os"
	"strconv"

	"golang.org/x/sys/unix"
)

// tryLock takes an exclusive advisory lock on f without waiting; it
// reports false when another process (or another open file of this one)
// holds it. The lock ends when f is closed, also when the process dies.
func tryLock(f *os.File) (bool, error) {
	err := unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB)
	if errors.Is(err, unix.EWOULDBLOCK) {
		return false, nil
	}
	return err == nil, err
}

// privateDir checks that dir is a directory, not a symbolic link, owned by
// this user, that no other account may write to: no one else can change
// the record or hold the lock.
func privateDir(dir string) error {
	fi, err := os.Lstat(dir)
	if err != nil {
		return err
	}
	st, ok := fi.Sys().(*unix.Stat_t)
	switch {
	case !fi.IsDir():
		return errors.New("it is not a directory")
	case ok && int(st.Uid) != os.Getuid():
		return errors.New("it belongs to another user")
	case fi.Mode().Perm()&0o022 != 0:
		return errors.New("others may write to it (mode " + fi.Mode().Perm().String() + ")")
	}
	return nil
}

// userSuffix tells this user's default directory from other users'.
func userSuffix() string { return "-" + strconv.Itoa(os.Getuid()) }
