package mockgraph

import (
	"github.com/entrapim/terraform-provider-entrapim/internal/mockgraph/harness"
	"github.com/entrapim/terraform-provider-entrapim/internal/mockgraph/tenant"
)

// The types of the Go API, defined where they belong: the directory's
// objects and the seed with the tenant model (package tenant), faults and
// the request log with the harness (package harness).
type (
	User                 = tenant.User
	Group                = tenant.Group
	ServicePrincipal     = tenant.ServicePrincipal
	Role                 = tenant.Role
	Assignment           = tenant.Assignment
	Activation           = tenant.Activation
	AlertState           = tenant.AlertState
	Seed                 = tenant.Seed
	SeedApp              = tenant.SeedApp
	SeedRole             = tenant.SeedRole
	SeedUser             = tenant.SeedUser
	SeedGroup            = tenant.SeedGroup
	SeedServicePrincipal = tenant.SeedServicePrincipal
	SeedAssignment       = tenant.SeedAssignment
	SeedActivation       = tenant.SeedActivation
	Fault                = harness.Fault
	FaultKind            = harness.FaultKind
	Request              = harness.Request
)

// Fault kinds (see harness.FaultKind).
const (
	FaultThrottle, FaultUnavailable, FaultTimeout = harness.FaultThrottle, harness.FaultUnavailable, harness.FaultTimeout
	FaultDrop, FaultFailOperation                 = harness.FaultDrop, harness.FaultFailOperation
	FaultLatency, FaultError                      = harness.FaultLatency, harness.FaultError
)
