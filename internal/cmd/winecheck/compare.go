package main

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"github.com/netmib/netmib/ipconfig"
	"github.com/netmib/netmib/snapshot"
)

// Host is the Linux host's view, as ip -j prints it: the members
// winecheck compares.
type Host struct {
	Links   []Link
	Routes4 []Route
	Routes6 []Route
}

// A Link is one element of ip -j addr show.
type Link struct {
	Index    uint32 `json:"ifindex"`
	Name     string `json:"ifname"`
	MTU      uint32 `json:"mtu"`
	LinkType string `json:"link_type"`
	Address  string `json:"address"` // the MAC, aa:bb:cc:dd:ee:ff
	Addrs    []struct {
		Family    string `json:"family"` // inet, inet6
		Local     string `json:"local"`
		PrefixLen int    `json:"prefixlen"`
	} `json:"addr_info"`
}

// A Route is one element of ip -j route show.
type Route struct {
	Dst     string `json:"dst"` // "default" or a prefix
	Gateway string `json:"gateway"`
	Dev     string `json:"dev"`
}

// Compare returns what it compared, one line each, and every difference
// between the snapshot's interfaces, addresses and routes and the host's.
func Compare(s *snapshot.Snapshot, h *Host, ipv6Routes bool) (report, problems []string) {
	bad := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	for _, k := range []ipconfig.Kind{ipconfig.Interfaces, ipconfig.Addresses, ipconfig.Routes} {
		t, ok := s.NetTable(k)
		switch {
		case !ok:
			bad("the snapshot has no %v", k)
		case t.Err != "":
			bad("%v: %s", k, t.Err)
		}
	}

	ifs := map[uint32]ipconfig.Interface{}
	for _, v := range s.Interfaces() {
		ifs[v.Index] = v
	}
	index := map[string]uint32{}
	for _, l := range h.Links {
		index[l.Name] = l.Index
		v, ok := ifs[l.Index]
		if !ok {
			bad("interface %d (%s) is not in the table", l.Index, l.Name)
			continue
		}
		mac := strings.ToUpper(strings.ReplaceAll(l.Address, ":", "-"))
		if l.LinkType == "loopback" {
			mac = "" // Linux prints zeros, Wine gives no address
		}
		switch {
		case v.Alias != l.Name:
			bad("interface %d: alias %q, the host calls it %q", l.Index, v.Alias, l.Name)
		case v.PhysicalAddress.String() != mac:
			bad("interface %d (%s): MAC %q, the host says %q", l.Index, l.Name, v.PhysicalAddress, mac)
		case v.MTU != l.MTU:
			bad("interface %d (%s): MTU %d, the host says %d", l.Index, l.Name, v.MTU, l.MTU)
		}
		delete(ifs, l.Index)
	}
	for i, v := range ifs {
		bad("interface %d (%q) is not the host's", i, v.Alias)
	}
	report = append(report, fmt.Sprintf("interfaces: %d on the host", len(h.Links)))

	var got, want []string
	for _, a := range s.Addresses() {
		got = append(got, fmt.Sprintf("%d %v/%d", a.InterfaceIndex, a.Address.Addr, a.PrefixLength))
	}
	for _, l := range h.Links {
		for _, a := range l.Addrs {
			want = append(want, fmt.Sprintf("%d %s/%d", l.Index, a.Local, a.PrefixLen))
		}
	}
	problems = append(problems, diffSets("address", got, want)...)
	report = append(report, fmt.Sprintf("addresses: %d on the host", len(want)))

	got, want = nil, nil
	for _, r := range s.Routes() {
		if r.Destination.Family == ipconfig.AFInet || ipv6Routes {
			got = append(got, routeKey(r.InterfaceIndex, r.Prefix(), r.NextHop.Addr))
		}
	}
	routes := h.Routes4
	if ipv6Routes {
		routes = append(slices.Clone(routes), h.Routes6...)
	}
	for _, r := range routes {
		dst, v6 := r.Dst, strings.Contains(r.Gateway+r.Dst, ":")
		if dst == "default" {
			dst = "0.0.0.0/0"
			if v6 {
				dst = "::/0"
			}
		}
		p, err := netip.ParsePrefix(dst)
		if err != nil { // a host route: an address alone
			a, aerr := netip.ParseAddr(dst)
			if aerr != nil {
				bad("route %q: %v", r.Dst, err)
				continue
			}
			p = netip.PrefixFrom(a, a.BitLen())
		}
		hop := netip.IPv4Unspecified()
		if p.Addr().Is6() {
			hop = netip.IPv6Unspecified()
		}
		if r.Gateway != "" {
			if hop, err = netip.ParseAddr(r.Gateway); err != nil {
				bad("route %q: gateway %q: %v", r.Dst, r.Gateway, err)
				continue
			}
		}
		want = append(want, routeKey(index[r.Dev], p, hop))
	}
	problems = append(problems, diffSets("route", got, want)...)
	report = append(report, fmt.Sprintf("routes: %d on the host (IPv6 ones too: %v)", len(want), ipv6Routes))
	return report, problems
}

func routeKey(index uint32, p netip.Prefix, hop netip.Addr) string {
	return fmt.Sprintf("%d %v via %v", index, p, hop)
}

// diffSets returns a line for each element of got that want lacks, and of
// want that got lacks.
func diffSets(what string, got, want []string) []string {
	var out []string
	count := map[string]int{}
	for _, g := range got {
		count[g]++
	}
	for _, w := range want {
		count[w]--
	}
	keys := make([]string, 0, len(count))
	for k := range count {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		switch n := count[k]; {
		case n > 0:
			out = append(out, fmt.Sprintf("%s %s is in the table, not on the host", what, k))
		case n < 0:
			out = append(out, fmt.Sprintf("%s %s is on the host, not in the table", what, k))
		}
	}
	return out
}
