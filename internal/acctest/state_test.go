package acctest_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/entrapim/terraform-provider-entrapim/internal/acctest"
	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
	"github.com/entrapim/terraform-provider-entrapim/internal/graph"
	"github.com/entrapim/terraform-provider-entrapim/internal/mockgraph"
)

// fakeT stands in for a failing test: Fatalf stops the test body (as
// t.Fatal does, through a panic here), and the cleanups run afterwards, as
// the testing package runs them after a failure.
type fakeT struct {
	cleanups []func()
	errors   []string
	failed   bool
}

type fatal struct{}

func (f *fakeT) Helper()             {}
func (f *fakeT) Cleanup(fn func())   { f.cleanups = append(f.cleanups, fn) }
func (f *fakeT) Logf(string, ...any) {}
func (f *fakeT) Errorf(format string, a ...any) {
	f.errors = append(f.errors, fmt.Sprintf(format, a...))
}
func (f *fakeT) Fatalf(format string, a ...any) {
	f.failed = true
	f.Errorf(format, a...)
	panic(fatal{})
}

// run runs body as a test would, then its cleanups in reverse order.
func (f *fakeT) run(body func()) {
	func() {
		defer func() {
			if r := recover(); r != nil {
				if _, ok := r.(fatal); !ok {
					panic(r)
				}
			}
		}()
		body()
	}()
	for i := len(f.cleanups) - 1; i >= 0; i-- {
		f.cleanups[i]()
	}
}

func builtin(name string) alerttypes.AlertType {
	at, _ := alerttypes.Builtin().Lookup(name)
	return at
}

// A live test that changes a configuration and dismisses an alert, then
// fails halfway, still leaves the tenant as it found it: KeepState's
// cleanup restores both through Graph and checks it did.
func TestKeepStateRestoresAfterFailure(t *testing.T) {
	tn := acctest.New(t)
	c := tn.Graph(t)
	ctx := context.Background()
	before, err := acctest.ReadState(ctx, c)
	if err != nil {
		t.Fatal(err)
	}
	if !before.Active[alerttypes.TooManyGlobalAdmins] {
		t.Fatal("the seed's TooManyGlobalAdmins alert is not active; the test needs an active alert to dismiss")
	}
	ft := &fakeT{}
	ft.run(func() {
		acctest.KeepState(ft, c)
		off := false
		if err := c.UpdateConfiguration(ctx, builtin(alerttypes.StaleSignIn), graph.ConfigurationUpdate{
			Enabled: &off, Thresholds: alerttypes.Values{alerttypes.FieldDuration: alerttypes.DurationValue(72 * time.Hour)},
		}); err != nil {
			t.Fatal(err)
		}
		if err := c.SetAlertActive(ctx, builtin(alerttypes.TooManyGlobalAdmins), false); err != nil {
			t.Fatal(err)
		}
		changed, err := acctest.ReadState(ctx, c)
		if err != nil {
			t.Fatal(err)
		}
		if diff := before.Diff(changed); len(diff) != 3 {
			t.Fatalf("the changes show as %d differences, want 3 (isEnabled, duration, isActive): %v", len(diff), diff)
		}
		ft.Fatalf("a step failed")
		t.Error("the test body went on after Fatalf")
	})
	if !ft.failed || len(ft.errors) != 1 {
		t.Fatalf("the stand-in test: failed %v, errors %v; want only the step's failure (the restore reports none)", ft.failed, ft.errors)
	}
	after, err := acctest.ReadState(ctx, c)
	if err != nil {
		t.Fatal(err)
	}
	if diff := before.Diff(after); len(diff) != 0 {
		t.Errorf("after the cleanup the tenant differs: %v", diff)
	}
}

// The cleanup fails the test when it cannot put the tenant back.
func TestKeepStateReportsWhatItCouldNotRestore(t *testing.T) {
	tn := acctest.New(t)
	c := tn.Graph(t)
	ft := &fakeT{}
	ft.run(func() {
		acctest.KeepState(ft, c)
		off := false
		if err := c.UpdateConfiguration(context.Background(), builtin(alerttypes.StaleSignIn), graph.ConfigurationUpdate{Enabled: &off}); err != nil {
			t.Fatal(err)
		}
		// Then Graph refuses the credential (as if its consent were
		// revoked): the restore cannot write.
		tn.Server.AddFault(mockgraph.Fault{Kind: mockgraph.FaultError, Method: "PATCH", Status: 403, Code: "Authorization_RequestDenied", Message: "consent revoked"})
	})
	if len(ft.errors) != 2 {
		t.Errorf("the cleanup reported %v; want the failed restore and the difference left", ft.errors)
	}
}
