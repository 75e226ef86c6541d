package tenant

import (
	"sort"
	"strings"
	"time"

	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
)

// scanner computes the incidents of one alert type from the tenant model
// and the alert's configuration. An alert type of the catalogue without a
// scanner never has incidents.
type scanner func(m *Model, a *Alert, now time.Time) []Incident

var scanners = map[string]scanner{
	alerttypes.InvalidLicense:          scanInvalidLicense,
	alerttypes.NoMfaOnRoleActivation:   scanNoMfaOnRoleActivation,
	alerttypes.RedundantAssignment:     scanRedundantAssignment,
	alerttypes.RolesAssignedOutsidePim: scanRolesAssignedOutsidePim,
	alerttypes.SequentialActivation:    scanSequentialActivation,
	alerttypes.StaleSignIn:             scanStaleSignIn,
	alerttypes.TooManyGlobalAdmins:     scanTooManyGlobalAdmins,
}

// licenseOK reports whether the licence includes PIM.
func licenseOK(status string) bool {
	switch strings.ToLower(status) {
	case "p2", "governance", "aadpremiump2", "entraidp2", "entraidgovernance":
		return true
	}
	return false
}

// assigned is an incident about u's assignment to r.
func assigned(id string, u User, r Role) Incident {
	return Incident{ID: id, AssigneeID: u.ID, AssigneeDisplayName: u.DisplayName, AssigneeUserPrincipalName: u.UserPrincipalName,
		RoleDefinitionID: r.ID, RoleDisplayName: r.DisplayName, RoleTemplateID: r.TemplateID}
}

// privilegedAssignments yields the assignments current at now to
// privileged roles whose principal is a known user, with that user and
// role.
func (m *Model) privilegedAssignments(now time.Time, yield func(Assignment, User, Role)) {
	for as := range m.currentAt(now, nil) {
		r, okR := m.Role(as.RoleDefinitionID)
		u, okU := m.User(as.PrincipalID)
		if okR && okU && r.Privileged {
			yield(as, u, r)
		}
	}
}

func scanInvalidLicense(m *Model, _ *Alert, _ time.Time) []Incident {
	if licenseOK(m.License) {
		return nil
	}
	return []Incident{{ID: m.ID, TenantLicenseStatus: m.License}}
}

func scanNoMfaOnRoleActivation(m *Model, _ *Alert, now time.Time) []Incident {
	var out []Incident
	eligible := true
	for _, r := range m.Roles {
		if !r.Privileged || r.RequireMFAOnActivation {
			continue
		}
		for as := range m.currentAt(now, &eligible) {
			if as.RoleDefinitionID == r.ID {
				out = append(out, Incident{ID: r.TemplateID, RoleDisplayName: r.DisplayName, RoleTemplateID: r.TemplateID})
				break
			}
		}
	}
	return sortByID(out)
}

// lastActivation returns the latest activation of role by principal.
func (m *Model) lastActivation(principal, role string) (time.Time, bool) {
	var last time.Time
	for _, ac := range m.Activations {
		if ac.PrincipalID == principal && ac.RoleDefinitionID == role && ac.Time.After(last) {
			last = ac.Time
		}
	}
	return last, !last.IsZero()
}

// scanRedundantAssignment reports assignments that have gone unused for
// the configured duration: "Users with unused eligible or active Azure AD
// role assignments" (api-reference/beta/resources/
// privilegedidentitymanagementv3-overview.md), "triggered if a user goes
// over a specified number of days without activating a role"
// (MicrosoftDocs/entra-docs pim-how-to-configure-security-alerts.md). How
// PIM measures the use of a permanent (active) assignment is not
// documented; the simulator counts its Activation records of that role
// as uses for both kinds. Only privileged roles count ("Administrators
// aren't using their privileged roles", the portal's title).
func scanRedundantAssignment(m *Model, a *Alert, now time.Time) []Incident {
	cutoff := now.Add(-a.threshold(alerttypes.FieldDuration).Duration)
	var out []Incident
	m.privilegedAssignments(now, func(as Assignment, u User, r Role) {
		if !as.Created.Before(cutoff) {
			return
		}
		last, activated := m.lastActivation(as.PrincipalID, as.RoleDefinitionID)
		if activated && !last.Before(cutoff) {
			return
		}
		inc := assigned(as.ID, u, r)
		inc.LastActivation = last
		out = append(out, inc)
	})
	return sortByID(out)
}

// lookBack is the fixed window of the alerts whose documentation speaks of
// "the last 30 days".
const lookBack = 30 * 24 * time.Hour

// scanRolesAssignedOutsidePim reports privileged roles "assigned outside of
// Privileged Identity Management in the last 30 days" (api-reference/beta/
// resources/rolesassignedoutsideprivilegedidentitymanagementalertconfiguration.md
// and …alertincident.md): an older assignment made outside PIM, such as a
// years-old break-glass account, raises none.
func scanRolesAssignedOutsidePim(m *Model, _ *Alert, now time.Time) []Incident {
	var out []Incident
	m.privilegedAssignments(now, func(as Assignment, u User, r Role) {
		if as.ViaPIM || as.Created.Before(now.Add(-lookBack)) {
			return
		}
		inc := assigned(as.ID, u, r)
		inc.AssignmentCreated = as.Created
		out = append(out, inc)
	})
	return sortByID(out)
}

// scanSequentialActivation reports a user who "activates the same
// privileged role multiple times within the last 30 days": at least
// sequentialActivationCounterThreshold activations ("the minimum number of
// activations within the timeIntervalBetweenActivations period"), each
// within the interval of the one before, among the activations of the
// last 30 days (api-reference/beta/resources/
// sequentialactivationrenewalsalertconfiguration.md).
func scanSequentialActivation(m *Model, a *Alert, now time.Time) []Incident {
	threshold := a.threshold(alerttypes.FieldSequentialActivationCounterThreshold).Int
	interval := a.threshold(alerttypes.FieldTimeIntervalBetweenActivations).Duration
	type key struct{ principal, role string }
	byKey := map[key][]time.Time{}
	var keys []key
	for _, ac := range m.Activations {
		if ac.Time.Before(now.Add(-lookBack)) {
			continue
		}
		k := key{ac.PrincipalID, ac.RoleDefinitionID}
		if _, seen := byKey[k]; !seen {
			keys = append(keys, k)
		}
		byKey[k] = append(byKey[k], ac.Time)
	}
	var out []Incident
	for _, k := range keys {
		u, okU := m.User(k.principal)
		r, okR := m.Role(k.role)
		if !okU || !okR || !r.Privileged {
			continue
		}
		times := byKey[k]
		sort.Slice(times, func(i, j int) bool { return times[i].Before(times[j]) })
		start := 0
		for i := 1; i <= len(times); i++ {
			if i < len(times) && times[i].Sub(times[i-1]) <= interval {
				continue
			}
			// times[start:i] is a maximal run of activations each within the interval of the previous one.
			if n := int64(i - start); n >= threshold {
				inc := assigned(GUIDFrom("sequential", k.principal, k.role, times[start].UTC().Format(time.RFC3339Nano)), u, r)
				inc.ActivationCount, inc.SequenceStart, inc.SequenceEnd = int(n), times[start], times[i-1]
				out = append(out, inc)
			}
			start = i
		}
	}
	return sortByID(out)
}

func scanStaleSignIn(m *Model, a *Alert, now time.Time) []Incident {
	cutoff := now.Add(-a.threshold(alerttypes.FieldDuration).Duration)
	var out []Incident
	m.privilegedAssignments(now, func(as Assignment, u User, r Role) {
		if !as.Created.Before(cutoff) || !u.LastSignIn.Before(cutoff) {
			return
		}
		inc := assigned(as.ID, u, r)
		inc.AssignmentCreated, inc.LastSignIn = as.Created, u.LastSignIn
		out = append(out, inc)
	})
	return sortByID(out)
}

// globalAdminStats counts the distinct Global Administrators, the Global
// Administrator assignments and all role assignments of the tenant that
// are current at now.
func (m *Model) globalAdminStats(now time.Time) (admins []User, gaAssignments, all int) {
	seen := map[string]bool{}
	for as := range m.currentAt(now, nil) {
		all++
		r, okR := m.Role(as.RoleDefinitionID)
		u, okU := m.User(as.PrincipalID)
		if !okR || !okU || r.TemplateID != alerttypes.GlobalAdministratorRoleID {
			continue
		}
		gaAssignments++
		if !seen[u.ID] {
			seen[u.ID] = true
			admins = append(admins, u)
		}
	}
	return admins, gaAssignments, all
}

// scanTooManyGlobalAdmins fires when both thresholds are reached: "the
// number of accounts assigned the Global Administrator role in the tenant
// reaches or crosses" globalAdminCountThreshold and "the percentage of
// global administrators out of all the role assignments in the tenant
// reaches or crosses" percentageOfGlobalAdminsOutOfRolesThreshold
// (api-reference/beta/api/unifiedrolemanagementalertconfiguration-update.md;
// "If you only meet one of these measurements, the alert doesn't appear",
// toomanyglobaladminsassignedtotenantalertconfiguration.md). One incident
// per Global Administrator.
func scanTooManyGlobalAdmins(m *Model, a *Alert, now time.Time) []Incident {
	admins, ga, all := m.globalAdminStats(now)
	if all == 0 {
		return nil
	}
	count := int64(len(admins))
	percent := a.threshold(alerttypes.FieldPercentageOfGlobalAdminsOutOfRolesThreshold).Int
	if count < a.threshold(alerttypes.FieldGlobalAdminCountThreshold).Int || int64(ga)*100 < percent*int64(all) {
		return nil
	}
	out := make([]Incident, 0, len(admins))
	for _, u := range admins {
		out = append(out, Incident{ID: u.ID, AssigneeID: u.ID, AssigneeDisplayName: u.DisplayName, AssigneeUserPrincipalName: u.UserPrincipalName})
	}
	return sortByID(out)
}
