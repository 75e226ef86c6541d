//go:build !(linux || darwin || windows)

package remediation

// processStart is not read on this operating system: the run is named by
// the parent's process id alone, and planned removals expire with runTTL.
func processStart(int) string { return "" }
