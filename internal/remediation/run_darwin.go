package remediation

import (
	"strconv"

	"golang.org/x/sys/unix"
)

// processStart returns when process pid started (kern.proc.pid); "" when
// it cannot be read.
func processStart(pid int) string {
	kp, err := unix.SysctlKinfoProc("kern.proc.pid", pid)
	if err != nil {
		return ""
	}
	t := kp.Proc.P_starttime
	return strconv.Itoa(int(t.Sec)) + "." + strconv.Itoa(int(t.Usec))
}
