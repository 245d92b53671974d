/*
 * offsets.c prints the offset and size of every member of the netioapi.h
 * rows that package ipconfig decodes, as a C compiler lays them out.
 * offsets-mingw-x64.txt is its output, made on Debian 12 with
 *
 *   x86_64-w64-mingw32-gcc -o offsets.exe offsets.c   (gcc-mingw-w64-x86-64-win32 12, mingw-w64 10 headers)
 *   wine offsets.exe > offsets-mingw-x64.txt         (Wine 8.0)
 *
 * mingw-w64 targets the Windows ABI: its structs and bit-fields follow
 * MSVC's layout rules.
 */
#include <winsock2.h>
#include <ws2tcpip.h>
#include <iphlpapi.h>
#include <netioapi.h>
#include <stdio.h>
#include <stddef.h>
#define P(T,m) printf(#T "." #m " %u %u\n", (unsigned)offsetof(T,m), (unsigned)sizeof(((T*)0)->m))
int main(void) {
  printf("MIB_IF_ROW2 %u MIB_IF_TABLE2.Table %u\n", (unsigned)sizeof(MIB_IF_ROW2), (unsigned)offsetof(MIB_IF_TABLE2, Table));
  P(MIB_IF_ROW2,InterfaceLuid);P(MIB_IF_ROW2,InterfaceIndex);P(MIB_IF_ROW2,InterfaceGuid);P(MIB_IF_ROW2,Alias);P(MIB_IF_ROW2,Description);
  P(MIB_IF_ROW2,PhysicalAddressLength);P(MIB_IF_ROW2,PhysicalAddress);P(MIB_IF_ROW2,PermanentPhysicalAddress);P(MIB_IF_ROW2,Mtu);P(MIB_IF_ROW2,Type);
  P(MIB_IF_ROW2,TunnelType);P(MIB_IF_ROW2,MediaType);P(MIB_IF_ROW2,PhysicalMediumType);P(MIB_IF_ROW2,AccessType);P(MIB_IF_ROW2,DirectionType);
  P(MIB_IF_ROW2,InterfaceAndOperStatusFlags);P(MIB_IF_ROW2,OperStatus);P(MIB_IF_ROW2,AdminStatus);P(MIB_IF_ROW2,MediaConnectState);P(MIB_IF_ROW2,NetworkGuid);
  P(MIB_IF_ROW2,ConnectionType);P(MIB_IF_ROW2,TransmitLinkSpeed);P(MIB_IF_ROW2,ReceiveLinkSpeed);P(MIB_IF_ROW2,InOctets);P(MIB_IF_ROW2,OutQLen);
  printf("MIB_UNICASTIPADDRESS_ROW %u Table %u\n", (unsigned)sizeof(MIB_UNICASTIPADDRESS_ROW), (unsigned)offsetof(MIB_UNICASTIPADDRESS_TABLE, Table));
  P(MIB_UNICASTIPADDRESS_ROW,Address);P(MIB_UNICASTIPADDRESS_ROW,InterfaceLuid);P(MIB_UNICASTIPADDRESS_ROW,InterfaceIndex);P(MIB_UNICASTIPADDRESS_ROW,PrefixOrigin);
  P(MIB_UNICASTIPADDRESS_ROW,SuffixOrigin);P(MIB_UNICASTIPADDRESS_ROW,ValidLifetime);P(MIB_UNICASTIPADDRESS_ROW,PreferredLifetime);P(MIB_UNICASTIPADDRESS_ROW,OnLinkPrefixLength);
  P(MIB_UNICASTIPADDRESS_ROW,SkipAsSource);P(MIB_UNICASTIPADDRESS_ROW,DadState);P(MIB_UNICASTIPADDRESS_ROW,ScopeId);P(MIB_UNICASTIPADDRESS_ROW,CreationTimeStamp);
  printf("MIB_IPFORWARD_ROW2 %u Table %u\n", (unsigned)sizeof(MIB_IPFORWARD_ROW2), (unsigned)offsetof(MIB_IPFORWARD_TABLE2, Table));
  P(MIB_IPFORWARD_ROW2,InterfaceLuid);P(MIB_IPFORWARD_ROW2,InterfaceIndex);P(MIB_IPFORWARD_ROW2,DestinationPrefix);P(MIB_IPFORWARD_ROW2,DestinationPrefix.PrefixLength);
  P(MIB_IPFORWARD_ROW2,NextHop);P(MIB_IPFORWARD_ROW2,SitePrefixLength);P(MIB_IPFORWARD_ROW2,ValidLifetime);P(MIB_IPFORWARD_ROW2,PreferredLifetime);P(MIB_IPFORWARD_ROW2,Metric);
  P(MIB_IPFORWARD_ROW2,Protocol);P(MIB_IPFORWARD_ROW2,Loopback);P(MIB_IPFORWARD_ROW2,AutoconfigureAddress);P(MIB_IPFORWARD_ROW2,Publish);P(MIB_IPFORWARD_ROW2,Immortal);
  P(MIB_IPFORWARD_ROW2,Age);P(MIB_IPFORWARD_ROW2,Origin);
  printf("MIB_IPNET_ROW2 %u Table %u\n", (unsigned)sizeof(MIB_IPNET_ROW2), (unsigned)offsetof(MIB_IPNET_TABLE2, Table));
  P(MIB_IPNET_ROW2,Address);P(MIB_IPNET_ROW2,InterfaceIndex);P(MIB_IPNET_ROW2,InterfaceLuid);P(MIB_IPNET_ROW2,PhysicalAddress);P(MIB_IPNET_ROW2,PhysicalAddressLength);
  P(MIB_IPNET_ROW2,State);P(MIB_IPNET_ROW2,Flags);P(MIB_IPNET_ROW2,ReachabilityTime);
  printf("SOCKADDR_INET %u SOCKADDR_IN6.sin6_scope_id %u sin6_addr %u\n", (unsigned)sizeof(SOCKADDR_INET), (unsigned)offsetof(SOCKADDR_IN6, sin6_scope_id), (unsigned)offsetof(SOCKADDR_IN6, sin6_addr));
  return 0;
}
