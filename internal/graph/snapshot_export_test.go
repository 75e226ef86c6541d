package graph

import "context"

// InstallSnapshotForTest loads the read snapshot of c and passes each of its
// alerts through edit, as if Graph had answered that way.
func InstallSnapshotForTest(c *Client, edit func(*Alert)) error {
	s := c.reads.(*snapshot)
	_, err := s.view(context.Background(), func(uint64) bool { return true }, func() {
		alerts := make([]Alert, 0, len(s.alerts))
		for _, a := range s.alerts {
			edit(&a)
			alerts = append(alerts, a)
		}
		s.install(alerts, false, s.installed)
	})
	return err
}
