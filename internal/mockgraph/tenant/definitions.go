package tenant

import (
	"fmt"
	"time"

	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
)

// definitionText holds the prose of an alert definition that the catalogue
// in internal/alerttypes does not carry. description may use the alert's
// current state, as the live service substitutes numbers into it.
type definitionText struct {
	description     func(a *Alert) string
	securityImpact  string
	mitigationSteps string
	howToPrevent    string
}

func days(d time.Duration) int { return int(d / (24 * time.Hour)) }

// fixed is a description that does not depend on the alert's state.
func fixed(s string) func(*Alert) string { return func(*Alert) string { return s } }

// counted is a description with the number of incidents in place of its
// %d verb.
func counted(format string) func(*Alert) string {
	return func(a *Alert) string { return fmt.Sprintf(format, len(a.Incidents)) }
}

// countedOverDuration is a description with a count of the incidents
// and the configured duration in days in place of its two %d verbs.
func countedOverDuration(format string, count func([]Incident) int) func(*Alert) string {
	return func(a *Alert) string {
		return fmt.Sprintf(format, count(a.Incidents), days(a.threshold(alerttypes.FieldDuration).Duration))
	}
}

// incidents counts incidents.
func incidents(incs []Incident) int { return len(incs) }

// accounts counts the distinct accounts incidents are about.
func accounts(incs []Incident) int {
	seen := map[string]bool{}
	for _, inc := range incs {
		seen[inc.AssigneeID] = true
	}
	return len(seen)
}

// Definition is the prose of an alert's definition, as it reads now.
type Definition struct {
	Description, SecurityImpact, MitigationSteps, HowToPrevent string
}

// Definition returns the alert's definition text; a type without one (a
// type Microsoft might add) is described by its catalogue summary.
func (a *Alert) Definition() Definition {
	text, ok := definitionTexts[a.Type.Suffix]
	if !ok {
		text = definitionText{description: fixed(a.Type.Summary)}
	}
	return Definition{Description: text.description(a), SecurityImpact: text.securityImpact,
		MitigationSteps: text.mitigationSteps, HowToPrevent: text.howToPrevent}
}

// definitionTexts are the definition texts by alert type; a type without
// one (a type Microsoft might add) is described by its catalogue summary.
var definitionTexts = map[string]definitionText{
	alerttypes.InvalidLicense: {
		description:     fixed("Privileged Identity Management needs a Microsoft Entra ID P2 or Governance licence, and the tenant has none (or its trial has expired). Without one, PIM and its settings are removed from the tenant."),
		securityImpact:  "Without a licence, administrators cannot use Privileged Identity Management for role activation, access reviews or other management tasks.",
		mitigationSteps: "Buy a plan that includes Microsoft Entra ID P2 or Governance for every user who works with PIM or Identity Protection.",
		howToPrevent:    "Keep a Microsoft Entra ID P2 or Governance licence on the tenant.",
	},
	alerttypes.NoMfaOnRoleActivation: {
		description:     fixed("Some roles can be activated without multi-factor authentication, which is strongly discouraged."),
		securityImpact:  "Without multi-factor authentication, an attacker who compromises a user can activate that user's privileged roles.",
		mitigationSteps: "Review the listed roles and require multi-factor authentication on activation for each of them.",
		howToPrevent:    "Configure every privileged role to require multi-factor authentication on activation.",
	},
	alerttypes.RedundantAssignment: {
		description:     countedOverDuration("%d administrator(s) have not activated their eligible privileged role in the past %d day(s)", incidents),
		securityImpact:  "Privileged roles that are assigned but not needed widen the attack surface, and attackers stay unnoticed more easily in accounts nobody uses.",
		mitigationSteps: "Review the listed users and remove the privileged roles they do not need.",
		howToPrevent:    "\r\n·Assign privileged roles only to users with a business justification.\r\n·Run regular access reviews to confirm that users still need their access.",
	},
	alerttypes.RolesAssignedOutsidePim: {
		description:     counted("%d privileged role assignment(s) were made outside of Privileged Identity Management"),
		securityImpact:  "Privileged role assignments made outside of Privileged Identity Management are not monitored properly and may be a sign of an ongoing attack.",
		mitigationSteps: "Review the listed users and remove the privileged roles that were assigned outside of Privileged Identity Management.",
		howToPrevent:    "Find out where privileged roles are being assigned outside of Privileged Identity Management and stop further assignments from there.",
	},
	alerttypes.SequentialActivation: {
		description:     counted("%d series of repeated activations of the same privileged role by the same user"),
		securityImpact:  "Many activations of the same privileged role by the same user in a short time can be a sign of an attack.",
		mitigationSteps: "Review the listed users and make sure the activation duration of their privileged role is long enough for their tasks.",
		howToPrevent:    "\r\n·Set the activation duration of privileged roles long enough for users to finish their tasks.\r\n·Require multi-factor authentication for privileged roles whose accounts are shared by several administrators.",
	},
	alerttypes.StaleSignIn: {
		// Live data counts accounts, not incidents (one per role
		// assignment): 3 incidents, "2 account(s) in privileged roles that
		// have not signed in to Azure AD in the past 30 day(s)"
		// (rknightion/graph2otel internal/collectors/entra/pimalerts/pimalerts_test.go).
		description:     countedOverDuration("%d account(s) in privileged roles have not signed in during the past %d day(s)", accounts),
		securityImpact:  "Accounts in a privileged role that do not sign in may be unmaintained service or shared accounts, which attackers target.",
		mitigationSteps: "Review the listed accounts and remove the privileged roles of those that no longer need them.",
		howToPrevent:    "Review accounts with privileged roles regularly, for example with <a href=\"https://learn.microsoft.com/entra/id-governance/access-reviews-overview\" target=\"_blank\">access reviews</a>, and remove assignments that are no longer needed.",
	},
	alerttypes.TooManyGlobalAdmins: {
		description:     fixed("The percentage of global administrators is high, relative to other privileged roles. It is recommended to use least privileged roles, with just enough privileges to perform the required tasks."),
		securityImpact:  "Global administrator is the highest privileged role. If a Global Administrator is compromised, the attacker gains access to all of their permissions, which puts your whole system at risk.",
		mitigationSteps: "·Review the users in the list and remove any that do not absolutely need the Global Administrator role.·Assign lower privileged roles to these users instead.",
		howToPrevent:    "Assign users the least privileged role they need.",
	},
}
