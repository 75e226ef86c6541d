package alerttypes

import "time"

// The suffixes of the built-in alert types.
const (
	InvalidLicense          = "InvalidLicenseAlert"
	NoMfaOnRoleActivation   = "NoMfaOnRoleActivationAlert"
	RedundantAssignment     = "RedundantAssignmentAlert"
	RolesAssignedOutsidePim = "RolesAssignedOutsidePimAlert"
	SequentialActivation    = "SequentialActivationRenewalsAlert"
	StaleSignIn             = "StaleSignInAlert"
	TooManyGlobalAdmins     = "TooManyGlobalAdminsAssignedToTenantAlert"
	// removeAssignment is what the how-to says remediation does: "if the
	// alert definition recommends that you remove a user from a role,
	// remediating the incident means that Microsoft Entra ID removes the
	// user from the role" (concepts/how-to-pim-alerts.md).
	removeAssignment = "removes the assignee's role assignment"
	odataPrefix      = "#microsoft.graph."
)

// The Graph property names of the built-in thresholds, for code that reads
// one threshold by name (the simulator's scans).
const (
	FieldDuration                                    = "duration"
	FieldSequentialActivationCounterThreshold        = "sequentialActivationCounterThreshold"
	FieldTimeIntervalBetweenActivations              = "timeIntervalBetweenActivations"
	FieldGlobalAdminCountThreshold                   = "globalAdminCountThreshold"
	FieldPercentageOfGlobalAdminsOutOfRolesThreshold = "percentageOfGlobalAdminsOutOfRolesThreshold"
)

const day = 24 * time.Hour

// builtin is the catalogue of the seven Graph alert types, sorted by suffix.
//
// The ranges are the portal's (MicrosoftDocs/entra-docs,
// docs/id-governance/privileged-identity-management/
// pim-how-to-configure-security-alerts.md, quoted beside each); Graph's
// own limits are not documented. Durations are OData Edm.Duration (days,
// hours, minutes, seconds), which isoduration enforces.
var builtin = Catalogue{types: []AlertType{
	{
		Suffix:                 InvalidLicense,
		ConfigurationODataType: odataPrefix + "invalidLicenseAlertConfiguration",
		IncidentODataType:      odataPrefix + "invalidLicenseAlertIncident",
		DisplayName:            "The organization doesn't have Azure AD Premium P2",
		SeverityLevel:          "high",
		Summary:                "The tenant uses PIM without a Microsoft Entra ID P2 or Governance licence.",
	},
	{
		Suffix:                 NoMfaOnRoleActivation,
		ConfigurationODataType: odataPrefix + "noMfaOnRoleActivationAlertConfiguration",
		IncidentODataType:      odataPrefix + "noMfaOnRoleActivationAlertIncident",
		Remediatable:           true,
		Remediation:            "requires multi-factor authentication on activation of the role",
		DisplayName:            "Roles don't require multi-factor authentication for activation",
		SeverityLevel:          "medium",
		Summary:                "A role can be activated without multi-factor authentication.",
	},
	{
		Suffix:                 RedundantAssignment,
		ConfigurationODataType: odataPrefix + "redundantAssignmentAlertConfiguration",
		IncidentODataType:      odataPrefix + "redundantAssignmentAlertIncident",
		Block:                  "redundant_assignment",
		Configurable:           true,
		Remediatable:           true,
		Remediation:            removeAssignment,
		Removes:                RemovesIncidentRole,
		DisplayName:            "Eligible administrators aren't activating their privileged role",
		SeverityLevel:          "low",
		Summary:                "Administrators have not used (activated) an eligible or active privileged role within the look-back period.",
		Fields: []Field{{
			GraphName: FieldDuration,
			Attribute: "duration",
			Kind:      Duration,
			// "the maximum number of days, from 0 to 100, that a user can go
			// without activating a role" (portal); zero is no duration.
			MaxDuration: 100 * day,
			Default:     DurationValue(30 * day),
			Description: "How long an eligible or active assignment may go unused (without an activation) before it is reported, as an OData `Edm.Duration` (days, hours, minutes and seconds) of at most `P100D`, the portal's range (for example `P30D`).",
		}},
	},
	{
		Suffix:                 RolesAssignedOutsidePim,
		ConfigurationODataType: odataPrefix + "rolesAssignedOutsidePrivilegedIdentityManagementAlertConfiguration",
		IncidentODataType:      odataPrefix + "rolesAssignedOutsidePrivilegedIdentityManagementAlertIncident",
		Remediatable:           true,
		Remediation:            removeAssignment,
		Removes:                RemovesIncidentRole,
		DisplayName:            "Roles are being assigned outside of Privileged Identity Management",
		SeverityLevel:          "high",
		Summary:                "Privileged roles were assigned directly in Entra ID instead of through PIM in the last 30 days.",
	},
	{
		Suffix:                 SequentialActivation,
		ConfigurationODataType: odataPrefix + "sequentialActivationRenewalsAlertConfiguration",
		IncidentODataType:      odataPrefix + "sequentialActivationRenewalsAlertIncident",
		Block:                  "sequential_activation_renewals",
		Configurable:           true,
		DisplayName:            "Roles are being activated too frequently",
		SeverityLevel:          "medium",
		Summary:                "A user activates the same role many times in quick succession.",
		Fields: []Field{
			{
				GraphName: FieldSequentialActivationCounterThreshold,
				Attribute: "sequential_activation_counter_threshold",
				Kind:      Int,
				// "the number of activations, from 2 to 100, at which you would
				// like to be notified" (portal).
				Min:         2,
				Max:         100,
				Default:     IntValue(3),
				Description: "How many activations of the same role within `time_interval_between_activations` raise an incident (2–100, the portal's range).",
			},
			{
				GraphName: FieldTimeIntervalBetweenActivations,
				Attribute: "time_interval_between_activations",
				Kind:      Duration,
				// "in days, hours, minutes, and second the time period you want
				// to use to track suspicious renewals" (portal): no range.
				Default:     DurationValue(10 * time.Second),
				Description: "The renewal time frame, as an OData `Edm.Duration` (days, hours, minutes and seconds; for example `PT1H`). Neither the portal nor Graph documents a range.",
			},
		},
	},
	{
		Suffix:                 StaleSignIn,
		ConfigurationODataType: odataPrefix + "staleSignInAlertConfiguration",
		IncidentODataType:      odataPrefix + "staleSignInAlertIncident",
		Block:                  "stale_sign_in",
		Configurable:           true,
		Remediatable:           true,
		Remediation:            removeAssignment,
		Removes:                RemovesIncidentRole,
		DisplayName:            "Potential stale accounts in a privileged role",
		SeverityLevel:          "medium",
		Summary:                "Accounts in a privileged role have not signed in within the look-back period.",
		Fields: []Field{{
			GraphName: FieldDuration,
			Attribute: "duration",
			Kind:      Duration,
			// "configurable between 1-365 days" (portal).
			MinDuration: day,
			MaxDuration: 365 * day,
			Default:     DurationValue(30 * day),
			Description: "How long an account in a privileged role may go without signing in before it is reported, as an OData `Edm.Duration` (days, hours, minutes and seconds) between `P1D` and `P365D`, the portal's range (for example `P30D`).",
		}},
	},
	{
		Suffix:                 TooManyGlobalAdmins,
		ConfigurationODataType: odataPrefix + "tooManyGlobalAdminsAssignedToTenantAlertConfiguration",
		IncidentODataType:      odataPrefix + "tooManyGlobalAdminsAssignedToTenantAlertIncident",
		Block:                  "too_many_global_admins",
		Configurable:           true,
		Remediatable:           true,
		Remediation:            "removes the assignee's Global Administrator role assignments",
		Removes:                RemovesGlobalAdministrator,
		DisplayName:            "There are too many global administrators",
		SeverityLevel:          "low",
		Summary:                "The number and share of Global Administrators exceed both thresholds.",
		Fields: []Field{
			{
				GraphName: FieldGlobalAdminCountThreshold,
				Attribute: "global_admin_count_threshold",
				Kind:      Int,
				// "the number of Global Administrator role assignments, from 2
				// to 100" (portal).
				Min:         2,
				Max:         100,
				Default:     IntValue(3),
				Description: "The number of accounts assigned the Global Administrator role at which the alert fires (2–100, the portal's range). The alert fires only when both thresholds are reached.",
			},
			{
				GraphName: FieldPercentageOfGlobalAdminsOutOfRolesThreshold,
				Attribute: "percentage_of_global_admins_out_of_roles_threshold",
				Kind:      Int,
				// "the minimum percentage of administrators who are Global
				// Administrators, from 0% to 100%" (portal).
				Min:         0,
				Max:         100,
				Default:     IntValue(10),
				Description: "The percentage of Global Administrators out of all the role assignments in the tenant at which the alert fires (0–100). The alert fires only when both thresholds are reached.",
			},
		},
	},
}}
