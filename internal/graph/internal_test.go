package graph

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	abs "github.com/microsoft/kiota-abstractions-go"
	absser "github.com/microsoft/kiota-abstractions-go/serialization"
	khttp "github.com/microsoft/kiota-http-go"
	jsonserialization "github.com/microsoft/kiota-serialization-json-go"
	"github.com/microsoftgraph/msgraph-beta-sdk-go/models/odataerrors"

	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
)

// serialize renders a model the way the request adapter does.
func serialize(t *testing.T, p absser.Parsable) map[string]any {
	t.Helper()
	w := jsonserialization.NewJsonSerializationWriter()
	if err := w.WriteObjectValue("", p); err != nil {
		t.Fatal(err)
	}
	b, err := w.GetSerializedContent()
	if err != nil {
		t.Fatal(err)
	}
	var out map[string]any
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatalf("%s: %v", b, err)
	}
	return out
}

func TestConfigurationConstructors(t *testing.T) {
	t.Parallel()
	for _, at := range alerttypes.All() {
		newBody, ok := configurationConstructors[at.Suffix]
		if !ok {
			t.Errorf("%s: no constructor", at.Suffix)
			continue
		}
		if got := deref(newBody().GetOdataType()); got != at.ConfigurationODataType {
			t.Errorf("%s: constructor sets @odata.type %q, catalogue says %q", at.Suffix, got, at.ConfigurationODataType)
		}
		for _, f := range at.Fields {
			if f.Kind == alerttypes.Int && !setInt(newBody(), f.GraphName, 1) {
				t.Errorf("%s: no setter for %s", at.Suffix, f.GraphName)
			}
		}
	}
}

func TestConfigurationBody(t *testing.T) {
	t.Parallel()
	mustType := func(s string) alerttypes.AlertType {
		at, ok := alerttypes.Lookup(s)
		if !ok {
			t.Fatalf("no alert type %s", s)
		}
		return at
	}
	day := 24 * time.Hour
	tests := []struct {
		name      string
		alertType string
		update    ConfigurationUpdate
		want      map[string]any // nil: no body
		wantErr   string
	}{
		{
			name:      "ints only",
			alertType: alerttypes.TooManyGlobalAdmins,
			update:    ConfigurationUpdate{Ints: map[string]int32{"globalAdminCountThreshold": 5}},
			want: map[string]any{
				"@odata.type":               "#microsoft.graph.tooManyGlobalAdminsAssignedToTenantAlertConfiguration",
				"globalAdminCountThreshold": float64(5),
			},
		},
		{
			name:      "enabled only",
			alertType: alerttypes.InvalidLicense,
			update:    ConfigurationUpdate{Enabled: ptr(false)},
			want: map[string]any{
				"@odata.type": "#microsoft.graph.invalidLicenseAlertConfiguration",
				"isEnabled":   false,
			},
		},
		{
			// The SDK would emit "P1W" here.
			name:      "whole weeks stay days",
			alertType: alerttypes.StaleSignIn,
			update:    ConfigurationUpdate{Durations: map[string]time.Duration{"duration": 7 * day}},
			want: map[string]any{
				"@odata.type": "#microsoft.graph.staleSignInAlertConfiguration",
				"duration":    "P7D",
			},
		},
		{
			// serialization.FromDuration(...).String() panics on this one.
			name:      "weeks plus time",
			alertType: alerttypes.SequentialActivation,
			update: ConfigurationUpdate{
				Enabled:   ptr(true),
				Ints:      map[string]int32{"sequentialActivationCounterThreshold": 4},
				Durations: map[string]time.Duration{"timeIntervalBetweenActivations": 7*day + time.Hour},
			},
			want: map[string]any{
				"@odata.type":                          "#microsoft.graph.sequentialActivationRenewalsAlertConfiguration",
				"isEnabled":                            true,
				"sequentialActivationCounterThreshold": float64(4),
				"timeIntervalBetweenActivations":       "P7DT1H",
			},
		},
		{
			name:      "seconds",
			alertType: alerttypes.SequentialActivation,
			update:    ConfigurationUpdate{Durations: map[string]time.Duration{"timeIntervalBetweenActivations": 10 * time.Second}},
			want: map[string]any{
				"@odata.type":                    "#microsoft.graph.sequentialActivationRenewalsAlertConfiguration",
				"timeIntervalBetweenActivations": "PT10S",
			},
		},
		{name: "empty", alertType: alerttypes.StaleSignIn},
		{
			name:      "foreign field",
			alertType: alerttypes.StaleSignIn,
			update:    ConfigurationUpdate{Ints: map[string]int32{"globalAdminCountThreshold": 5}},
			wantErr:   "not a threshold of StaleSignInAlert",
		},
		{
			name:      "no thresholds",
			alertType: alerttypes.NoMfaOnRoleActivation,
			update:    ConfigurationUpdate{Durations: map[string]time.Duration{"duration": day}},
			wantErr:   "has no thresholds",
		},
		{
			name:      "wrong kind",
			alertType: alerttypes.StaleSignIn,
			update:    ConfigurationUpdate{Ints: map[string]int32{"duration": 30}},
			wantErr:   "is not an integer threshold",
		},
		{
			name:      "zero duration",
			alertType: alerttypes.RedundantAssignment,
			update:    ConfigurationUpdate{Durations: map[string]time.Duration{"duration": 0}},
			wantErr:   "positive duration",
		},
		{
			name:      "negative duration",
			alertType: alerttypes.RedundantAssignment,
			update:    ConfigurationUpdate{Durations: map[string]time.Duration{"duration": -day}},
			wantErr:   "positive duration",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			body, err := configurationBody(mustType(tt.alertType), tt.update)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error = %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if tt.want == nil {
				if body != nil {
					t.Fatalf("body = %v, want none", serialize(t, body))
				}
				return
			}
			got := serialize(t, body)
			gotJSON, _ := json.Marshal(got)
			wantJSON, _ := json.Marshal(tt.want)
			if string(gotJSON) != string(wantJSON) {
				t.Errorf("body = %s, want %s", gotJSON, wantJSON)
			}
		})
	}
}

func TestDurationsOf(t *testing.T) {
	t.Parallel()
	body := `{"value":[
		{"id":"a1","isActive":true,"alertConfiguration":{"@odata.type":"#microsoft.graph.staleSignInAlertConfiguration","id":"a1","duration":"PT720H"}},
		{"id":"a2","alertConfiguration":{"@odata.type":"#microsoft.graph.sequentialActivationRenewalsAlertConfiguration","id":"a2","timeIntervalBetweenActivations":"PT10S","sequentialActivationCounterThreshold":3}},
		{"id":"a3","alertConfiguration":{"@odata.type":"#microsoft.graph.tooManyGlobalAdminsAssignedToTenantAlertConfiguration","id":"a3","globalAdminCountThreshold":3}}
	]}`
	got := durationsOf([]byte(body))
	want := rawThresholds{"a1": {"duration": "PT720H"}, "a2": {"timeIntervalBetweenActivations": "PT10S"}}
	gotJSON, _ := json.Marshal(got)
	wantJSON, _ := json.Marshal(want)
	if string(gotJSON) != string(wantJSON) {
		t.Errorf("durationsOf = %s, want %s", gotJSON, wantJSON)
	}
}

func TestTimeValue(t *testing.T) {
	t.Parallel()
	sentinel := time.Date(1, 1, 1, 8, 0, 0, 0, time.UTC)
	if got := timeValue(&sentinel); got != nil {
		t.Errorf("sentinel -> %v, want nil", got)
	}
	if got := timeValue(nil); got != nil {
		t.Errorf("nil -> %v", got)
	}
	when := time.Date(2025, 3, 4, 5, 6, 7, 0, time.FixedZone("x", 3600))
	if got := timeValue(&when); got == nil || !got.Equal(when) || got.Location() != time.UTC {
		t.Errorf("when -> %v", got)
	}
}

func TestOperationIDFromLocation(t *testing.T) {
	t.Parallel()
	tests := map[string]string{
		"https://graph.microsoft.com/beta/identityGovernance/roleManagementAlerts/operations/refresh%3ADirectoryRole_abc_StaleSignInAlert": "refresh:DirectoryRole_abc_StaleSignInAlert",
		"https://127.0.0.1:1234/beta/identityGovernance/roleManagementAlerts/operations/refresh:DirectoryRole_abc_X":                       "refresh:DirectoryRole_abc_X",
		"/beta/identityGovernance/roleManagementAlerts/operations/0b1f%2Fx/":                                                               "0b1f/x",
	}
	for location, want := range tests {
		inspect := responseHeaders()
		inspect.GetResponseHeaders().Add("Location", location)
		got, err := operationIDFromLocation("refresh alert", inspect)
		if err != nil || got != want {
			t.Errorf("%s -> %q, %v; want %q", location, got, err, want)
		}
	}
	_, err := operationIDFromLocation("refresh alert", khttp.NewHeadersInspectionOptions())
	var ge *Error
	if !errors.Is(err, ErrMissingLocation) || !errors.As(err, &ge) || ge.Operation != "refresh alert" {
		t.Errorf("missing Location -> %v", err)
	}
}

// parseODataError builds the error the SDK returns for body.
func parseODataError(t *testing.T, status int, body string, headers map[string]string) *odataerrors.ODataError {
	t.Helper()
	node, err := jsonserialization.NewJsonParseNode([]byte(body))
	if err != nil {
		t.Fatal(err)
	}
	v, err := node.GetObjectValue(odataerrors.CreateODataErrorFromDiscriminatorValue)
	if err != nil {
		t.Fatal(err)
	}
	oe, ok := v.(*odataerrors.ODataError)
	if !ok {
		t.Fatalf("parsed %T", v)
	}
	oe.SetStatusCode(status)
	h := abs.NewResponseHeaders()
	for k, v := range headers {
		h.Add(k, v)
	}
	oe.SetResponseHeaders(h)
	return oe
}

func TestWrapErrorMissingProvider(t *testing.T) {
	t.Parallel()
	oe := parseODataError(t, 400, `{"errorCode":"MissingProvider","message":"The provider is missing."}`, map[string]string{"request-id": "rid-1"})
	err := wrapError("list alerts", oe)
	var ge *Error
	if !errors.As(err, &ge) {
		t.Fatalf("%T is not *Error", err)
	}
	if ge.StatusCode != 400 || ge.Code != "MissingProvider" || ge.Message != "The provider is missing." || ge.RequestID != "rid-1" {
		t.Errorf("got %+v", ge)
	}
	if want := "list alerts: 400 MissingProvider: The provider is missing. (request-id rid-1)"; err.Error() != want {
		t.Errorf("Error() = %q, want %q", err.Error(), want)
	}
	// The repaired SDK error no longer panics when printed.
	if got := oe.Error(); got != "The provider is missing." {
		t.Errorf("ODataError.Error() = %q", got)
	}
}

func TestWrapErrorEnvelope(t *testing.T) {
	t.Parallel()
	oe := parseODataError(t, 404, `{"error":{"code":"NotFound","message":"gone","innerError":{"request-id":"inner-rid","client-request-id":"crid","date":"2025-01-01T00:00:00"}}}`,
		map[string]string{"request-id": "header-rid"})
	err := wrapError("get incident", oe)
	var ge *Error
	if !errors.As(err, &ge) || ge.Code != "NotFound" || ge.Message != "gone" || ge.RequestID != "inner-rid" || ge.ClientRequestID != "crid" {
		t.Fatalf("got %+v", ge)
	}
	if !IsNotFound(err) || IsThrottled(err) {
		t.Errorf("IsNotFound/IsThrottled wrong for %v", err)
	}
	// Message-less envelope: the SDK's Error() would dereference nil.
	oe = parseODataError(t, 503, `{"error":{"code":"ServiceNotAvailable"}}`, nil)
	err = wrapError("get alert", oe)
	if !IsThrottled(err) || !strings.Contains(err.Error(), "503 ServiceNotAvailable") {
		t.Errorf("got %v", err)
	}
	_ = oe.Error() // must not panic
}

func TestWrapErrorEmptyBodyAndTransport(t *testing.T) {
	t.Parallel()
	h := abs.NewResponseHeaders()
	h.Add("request-id", "rid-2")
	err := wrapError("get alert", &abs.ApiError{Message: "no body", ResponseStatusCode: http.StatusTooManyRequests, ResponseHeaders: h})
	var ge *Error
	if !errors.As(err, &ge) || ge.StatusCode != 429 || ge.RequestID != "rid-2" || !IsThrottled(err) {
		t.Errorf("got %+v", ge)
	}
	cause := errors.New("connection reset")
	err = wrapError("get alert", cause)
	if !errors.As(err, &ge) || ge.StatusCode != 0 || !errors.Is(err, cause) || err.Error() != "get alert: connection reset" {
		t.Errorf("got %v", err)
	}
	if wrapError("x", nil) != nil {
		t.Error("nil error wrapped")
	}
}

func TestCheckEndpoint(t *testing.T) {
	t.Parallel()
	ok := map[string]string{
		"https://graph.microsoft.com":  "https://graph.microsoft.com",
		"https://graph.microsoft.com/": "https://graph.microsoft.com",
		"http://127.0.0.1:8080":        "http://127.0.0.1:8080",
		"http://localhost:1":           "http://localhost:1",
		"http://[::1]:1":               "http://[::1]:1",
	}
	for in, want := range ok {
		got, _, err := checkEndpoint(in)
		if err != nil || got != want {
			t.Errorf("%s -> %q, %v", in, got, err)
		}
	}
	for _, in := range []string{"", "graph.microsoft.com", "http://graph.microsoft.com", "https://graph.microsoft.com/beta", "ftp://x"} {
		if _, _, err := checkEndpoint(in); err == nil {
			t.Errorf("%q accepted", in)
		}
	}
}
