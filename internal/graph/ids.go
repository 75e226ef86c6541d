package graph

import (
	"context"
	"fmt"
	"strings"

	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
)

// Alert ids: DirectoryRole_{tenant}_{type}, shared by an alert, its
// definition and its configuration. The client computes them from the
// alert type and the tenant it is for (tenant.go).

var (
	opResolveTenant = readAlerts("resolve tenant id")
	opConfirmTenant = readAlerts("confirm tenant")
)

// TenantID returns the tenant id: Config.TenantID when it is a GUID, otherwise
// the tenant part of the alert ids in Graph's answers; when no answer had
// any yet, it reads the alert list (the read snapshot's, when enabled).
func (c *Client) TenantID(ctx context.Context) (string, error) {
	if id, ok := c.tenant.resolvedID(); ok {
		return id, nil
	}
	ctx = withLogging(ctx)
	if err := c.reads.loadTenant(ctx); err != nil {
		return "", err
	}
	c.tenant.lookup.Lock()
	defer c.tenant.lookup.Unlock()
	if id, ok := c.tenant.resolvedID(); ok {
		return id, nil
	}
	n, err := c.listAlertIDs(ctx, opResolveTenant)
	if err != nil {
		return "", err
	}
	if id, ok := c.tenant.resolvedID(); ok {
		logDebug(ctx, "resolved tenant id from the alert list", map[string]any{"tenant_id": id})
		return id, nil
	}
	err = fmt.Errorf("none of the %d alerts has an id of the form %s", n, alerttypes.IDFormat)
	if c.tenant.configured != "" {
		err = fmt.Errorf("%w (configured tenant %q is not a GUID)", err, c.tenant.configured)
	}
	return "", &Error{Operation: opResolveTenant.name, Message: err.Error(), Err: err}
}

// resolve returns the Graph id of at in this tenant. The zero AlertType
// fails before any request.
func (c *Client) resolve(ctx context.Context, at alerttypes.AlertType) (string, error) {
	if at.Suffix == "" {
		return "", ErrNoAlertType
	}
	tenant, err := c.TenantID(ctx)
	if err != nil {
		return "", err
	}
	return at.ID(tenant), nil
}

// writeID is resolve for a write: it also confirms the tenant first
// (confirmTenant), so that nothing is written to a tenant Graph has not
// named.
func (c *Client) writeID(ctx context.Context, at alerttypes.AlertType) (string, error) {
	id, err := c.resolve(ctx, at)
	if err != nil {
		return "", err
	}
	if err := c.confirmTenant(ctx); err != nil {
		return "", err
	}
	return id, nil
}

// alertType returns the tenant and alert type of a Graph alert id. Alert
// types missing from the catalogue (Microsoft may add some) come back as
// an AlertType with only Suffix set, so lists still name them.
func (c *Client) alertType(id string) (tenant string, at alerttypes.AlertType) {
	if tenant, at, err := c.cat.ParseID(id); err == nil {
		return tenant, at
	}
	tenant, suffix, _ := alerttypes.SplitID(id)
	return tenant, alerttypes.AlertType{Suffix: suffix}
}

// alertIDPrefix starts the alert ids; the tenant GUID follows it.
const alertIDPrefix = "DirectoryRole_"

// tenantsIn passes to add the tenant, lower case, of every alert id in s
// (an id, an operation id such as "refresh:DirectoryRole_…", or a URL).
func tenantsIn(s string, add func(tenant string)) {
	const guidLen = 36
	for {
		i := strings.Index(s, alertIDPrefix)
		if i < 0 {
			return
		}
		s = s[i+len(alertIDPrefix):]
		if len(s) > guidLen && s[guidLen] == '_' && alerttypes.IsGUID(s[:guidLen]) {
			add(strings.ToLower(s[:guidLen]))
		}
	}
}
