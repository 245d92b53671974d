package snapshot_test

import (
	"encoding/base64"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/netmib/netmib"
	"github.com/netmib/netmib/fixtures"
	"github.com/netmib/netmib/snapshot"
	"github.com/netmib/netmib/tcpmib"
	"github.com/netmib/netmib/udpmib"
)

// allSpecs returns a spec for each of the fourteen layouts.
func allSpecs() []snapshot.TableSpec {
	var out []snapshot.TableSpec
	for _, f := range []netmib.Family{netmib.IPv4, netmib.IPv6} {
		for _, c := range []tcpmib.Class{tcpmib.BasicAll, tcpmib.OwnerPIDAll, tcpmib.OwnerModuleAll} {
			out = append(out, snapshot.TableSpec{Proto: netmib.TCP, Family: f, Class: uint32(c)})
		}
		out = append(out, snapshot.TableSpec{Proto: netmib.TCP, Family: f, Func: snapshot.Table2})
		for _, c := range []udpmib.Class{udpmib.Basic, udpmib.OwnerPID, udpmib.OwnerModule} {
			out = append(out, snapshot.TableSpec{Proto: netmib.UDP, Family: f, Class: uint32(c)})
		}
	}
	return out
}

func specOf(f fixtures.Fixture) snapshot.TableSpec {
	p, _ := netmib.ParseProto(f.Proto)
	s := snapshot.TableSpec{Proto: p, Family: netmib.Family(f.Family), Class: f.Class}
	if strings.HasSuffix(f.Function, "Table2") {
		s.Func = snapshot.Table2
	}
	return s
}

func tableOf(s snapshot.TableSpec, b []byte) *snapshot.Table {
	return &snapshot.Table{Proto: s.Proto, Family: s.Family, Func: s.Func, Class: s.Class, Data: b}
}

// TestWrongArguments gives every table a real producer wrote every other
// layout's arguments: Check refuses all of them but one, where the bytes
// cannot tell (a one-row UDP OWNER_PID table whose PID is 0, read as
// MIB_UDPTABLE), and there the sockets decoded are the true ones, without
// their PID. No wrong argument invents a socket.
func TestWrongArguments(t *testing.T) {
	specs := allSpecs()
	require.Len(t, specs, 14)
	tried, fits := 0, 0
	for _, f := range fixtures.All() {
		if f.Kind != fixtures.KindTable || !strings.HasPrefix(f.Name, "wine") {
			continue
		}
		truth := tableOf(specOf(f), f.Bytes())
		require.NoError(t, truth.Check(), f.Name)
		want := &snapshot.Snapshot{Tables: []snapshot.Table{*truth}}
		got := snapshot.Identify(f.Bytes())
		require.Contains(t, layouts(got), specOf(f).Layout(), f.Name)
		for _, s := range specs {
			if s.Layout() == specOf(f).Layout() {
				continue
			}
			tried++
			wrong := tableOf(s, f.Bytes())
			if wrong.Check() != nil {
				continue
			}
			fits++
			require.Equal(t, "wine-udp4-ownerpid/MIB_UDPTABLE", f.Name+"/"+s.Layout())
			var truths []string
			for sock := range want.Sockets() {
				require.Zero(t, sock.PID)
				truths = append(truths, sock.Local.String())
			}
			var read []string
			for sock := range (&snapshot.Snapshot{Tables: []snapshot.Table{*wrong}}).Sockets() {
				read = append(read, sock.Local.String())
			}
			require.Equal(t, truths, read)
		}
	}
	require.Equal(t, 30*13, tried)
	require.Equal(t, 1, fits)
	t.Logf("%d wrong arguments on %d real tables: %d refused", tried, tried/13, tried-fits)
}

func layouts(specs []snapshot.TableSpec) []string {
	var out []string
	for _, s := range specs {
		out = append(out, s.Layout())
	}
	return out
}

// TestReadRefusesContradictions checks that Read refuses a table whose
// bytes contradict the layout its arguments name, though it parses.
func TestReadRefusesContradictions(t *testing.T) {
	m := sampleFile(t)
	b, err := base64.StdEncoding.DecodeString(table(m, 0)["data"].(string))
	require.NoError(t, err)
	b[8] = 77 // the first row's dwState: MIB_TCPTABLE_OWNER_MODULE
	table(m, 0)["data"] = base64.StdEncoding.EncodeToString(b)
	_, err = snapshot.Parse(encode(t, m))
	require.ErrorIs(t, err, snapshot.ErrInvalid)
	require.ErrorIs(t, err, netmib.ErrMismatch)
	require.EqualError(t, err, "snapshot: invalid snapshot: tables[0].data: netmib: buffer is not a MIB_TCPTABLE_OWNER_MODULE: row 0 at offset 8: dwState 77 is not a MIB_TCP_STATE value")
}
