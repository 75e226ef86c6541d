package mockgraph

import (
	"github.com/entrapim/terraform-provider-entrapim/internal/mockgraph/harness"
	"github.com/entrapim/terraform-provider-entrapim/internal/mockgraph/tenant"
)

// The control API below /_simulator/ is a table onto the Go API
// (harness.ServeControl); these are the parts of the Go API only it needs.
var _ harness.Simulator = (*Server)(nil)

// control serves the control API for the first tenant.
func (s *Server) control(c *call) { harness.ServeControl(s, c.W, c.R, c.Body, c.Segs) }

// AlertTypes returns the names of the alert types the simulator serves.
func (s *Server) AlertTypes() []string { return s.cfg.catalogue.Names() }

// UnknownAlertType is the error for an alert type the simulator does not serve.
func (s *Server) UnknownAlertType(alertType string) error {
	return tenant.UnknownAlertType(s.cfg.catalogue, alertType)
}

// License returns the tenant's licence (see SetLicenseStatus).
func (s *Server) License() string { return s.tenant.License() }
