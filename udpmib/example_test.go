package udpmib_test

import (
	"fmt"

	"github.com/netmib/netmib"
	"github.com/netmib/netmib/addr"
	"github.com/netmib/netmib/fixtures"
	"github.com/netmib/netmib/udpmib"
)

func ExampleParseTable() {
	f, _ := fixtures.Lookup("udp6-ownermodule")
	t, err := udpmib.ParseTable(f.Bytes(), netmib.IPv6, udpmib.OwnerModule)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range t.All() {
		local := addr.FormatEx(r.Local().Addr(), r.LocalScopeID(), r.Local().Port())
		fmt.Printf("%-36s pid %-5d specific %-5v %s\n", local, r.PID(), r.SpecificPortBind(), r.Created().Format("15:04:05"))
	}
	// Output:
	// [::]:500                             pid 3860  specific true  07:41:30
	// [::]:5353                            pid 2210  specific true  07:41:31
	// [::]:5355                            pid 2210  specific true  07:41:31
	// [::1]:1900                           pid 4012  specific true  07:42:00
	// [fe80::1c2d:3e4f:5a6b:7c8d%12]:1900  pid 4012  specific true  07:42:00
	// [fe80::1c2d:3e4f:5a6b:7c8d%12]:546   pid 1560  specific true  07:41:22
	// [::]:53112                           pid 9876  specific false 10:15:41
}
