package mockgraph

import (
	"sort"
	"strings"
	"time"

	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
)

// scanner computes the incidents of one alert type from the tenant model
// and the alert's configuration. An alert type of the catalogue without a
// scanner never has incidents.
type scanner func(t *tenant, a *alert, now time.Time) []object

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

func newIncident(a *alert, id string, fields ...field) object {
	return prepend(fields, field{"@odata.type", a.typ.IncidentODataType}, field{"id", id})
}

func assigneeFields(u User) []field {
	return []field{
		{"assigneeId", u.ID},
		{"assigneeDisplayName", u.DisplayName},
		{"assigneeUserPrincipalName", u.UserPrincipalName},
	}
}

func roleFields(r Role) []field {
	return []field{
		{"roleDefinitionId", r.ID},
		{"roleDisplayName", r.DisplayName},
		{"roleTemplateId", r.TemplateID},
	}
}

// privilegedAssignments yields the assignments current at now to
// privileged roles whose principal is a known user, with that user and
// role.
func (t *tenant) privilegedAssignments(now time.Time, yield func(Assignment, User, Role)) {
	for _, as := range t.assignments {
		r, okR := t.role(as.RoleDefinitionID)
		u, okU := t.user(as.PrincipalID)
		if okR && okU && r.Privileged && as.current(now) {
			yield(as, u, r)
		}
	}
}

func sortByID(incs []object) []object {
	sort.SliceStable(incs, func(i, j int) bool { return incs[i].str("id") < incs[j].str("id") })
	return incs
}

func scanInvalidLicense(t *tenant, a *alert, _ time.Time) []object {
	if licenseOK(t.license) {
		return nil
	}
	return []object{newIncident(a, t.id, field{"tenantLicenseStatus", t.license})}
}

func scanNoMfaOnRoleActivation(t *tenant, a *alert, now time.Time) []object {
	var out []object
	for _, r := range t.roles {
		if !r.Privileged || r.RequireMFAOnActivation {
			continue
		}
		hasEligible := false
		for _, as := range t.assignments {
			if as.Eligible && as.RoleDefinitionID == r.ID && as.current(now) {
				hasEligible = true
				break
			}
		}
		if hasEligible {
			out = append(out, newIncident(a, r.TemplateID,
				field{"roleDisplayName", r.DisplayName}, field{"roleTemplateId", r.TemplateID}))
		}
	}
	return sortByID(out)
}

// lastActivation returns the latest activation of role by principal.
func (t *tenant) lastActivation(principal, role string) (time.Time, bool) {
	var last time.Time
	for _, ac := range t.activations {
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
func scanRedundantAssignment(t *tenant, a *alert, now time.Time) []object {
	cutoff := now.Add(-a.threshold(alerttypes.FieldDuration).Duration)
	var out []object
	for _, as := range t.assignments {
		if !as.Created.Before(cutoff) || !as.current(now) {
			continue
		}
		u, okU := t.user(as.PrincipalID)
		r, okR := t.role(as.RoleDefinitionID)
		if !okU || !okR || !r.Privileged {
			continue
		}
		last, activated := t.lastActivation(as.PrincipalID, as.RoleDefinitionID)
		if activated && !last.Before(cutoff) {
			continue
		}
		fields := assigneeFields(u)
		if activated {
			fields = append(fields, field{"lastActivationDateTime", graphTime(last)})
		}
		out = append(out, newIncident(a, as.ID, append(fields, roleFields(r)...)...))
	}
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
func scanRolesAssignedOutsidePim(t *tenant, a *alert, now time.Time) []object {
	var out []object
	t.privilegedAssignments(now, func(as Assignment, u User, r Role) {
		if as.ViaPIM || as.Created.Before(now.Add(-lookBack)) {
			return
		}
		fields := append(assigneeFields(u), field{"assignmentCreatedDateTime", graphTime(as.Created)})
		out = append(out, newIncident(a, as.ID, append(fields, roleFields(r)...)...))
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
func scanSequentialActivation(t *tenant, a *alert, now time.Time) []object {
	threshold := a.threshold(alerttypes.FieldSequentialActivationCounterThreshold).Int
	interval := a.threshold(alerttypes.FieldTimeIntervalBetweenActivations).Duration
	type key struct{ principal, role string }
	byKey := map[key][]time.Time{}
	var keys []key
	for _, ac := range t.activations {
		if ac.Time.Before(now.Add(-lookBack)) {
			continue
		}
		k := key{ac.PrincipalID, ac.RoleDefinitionID}
		if _, seen := byKey[k]; !seen {
			keys = append(keys, k)
		}
		byKey[k] = append(byKey[k], ac.Time)
	}
	var out []object
	for _, k := range keys {
		u, okU := t.user(k.principal)
		r, okR := t.role(k.role)
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
				id := guidFrom("sequential", k.principal, k.role, times[start].UTC().Format(time.RFC3339Nano))
				fields := append([]field{{"activationCount", int(n)}}, assigneeFields(u)...)
				fields = append(fields, roleFields(r)...)
				fields = append(fields,
					field{"sequenceStartDateTime", graphTime(times[start])},
					field{"sequenceEndDateTime", graphTime(times[i-1])})
				out = append(out, newIncident(a, id, fields...))
			}
			start = i
		}
	}
	return sortByID(out)
}

func scanStaleSignIn(t *tenant, a *alert, now time.Time) []object {
	cutoff := now.Add(-a.threshold(alerttypes.FieldDuration).Duration)
	var out []object
	t.privilegedAssignments(now, func(as Assignment, u User, r Role) {
		if !as.Created.Before(cutoff) || !u.LastSignIn.Before(cutoff) {
			return
		}
		fields := append(assigneeFields(u), field{"assignmentCreatedDateTime", graphTime(as.Created)})
		if !u.LastSignIn.IsZero() {
			fields = append(fields, field{"lastSignInDateTime", graphTime(u.LastSignIn)})
		}
		out = append(out, newIncident(a, as.ID, append(fields, roleFields(r)...)...))
	})
	return sortByID(out)
}

// globalAdminStats counts the distinct Global Administrators, the Global
// Administrator assignments and all role assignments of the tenant that
// are current at now.
func (t *tenant) globalAdminStats(now time.Time) (admins []User, gaAssignments, all int) {
	seen := map[string]bool{}
	for _, as := range t.assignments {
		if !as.current(now) {
			continue
		}
		all++
		r, okR := t.role(as.RoleDefinitionID)
		u, okU := t.user(as.PrincipalID)
		if !okR || !okU || r.TemplateID != GlobalAdministratorRoleID {
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
func scanTooManyGlobalAdmins(t *tenant, a *alert, now time.Time) []object {
	admins, ga, all := t.globalAdminStats(now)
	if all == 0 {
		return nil
	}
	count := int64(len(admins))
	percent := a.threshold(alerttypes.FieldPercentageOfGlobalAdminsOutOfRolesThreshold).Int
	if count < a.threshold(alerttypes.FieldGlobalAdminCountThreshold).Int || int64(ga)*100 < percent*int64(all) {
		return nil
	}
	out := make([]object, 0, len(admins))
	for _, u := range admins {
		out = append(out, newIncident(a, u.ID, assigneeFields(u)...))
	}
	return sortByID(out)
}
