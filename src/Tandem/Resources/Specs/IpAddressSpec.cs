using System.Net;

namespace Tandem.Resources.Specs;

/// <summary>
/// <c>IPaddr::ip[/bits[/nic[/broadcast]]]</c> or a bare IPv4 address: a service address moved between the nodes.
/// Without bits or nic the agent takes them from the interface whose network holds the address, as Heartbeat did.
/// A nic of the form <c>eth0:1</c> is the interface eth0 with the address label eth0:1.
/// </summary>
public sealed record IpAddressSpec(string Id, IPAddress Address, int? PrefixLength, string? Interface, string? Label, IPAddress? Broadcast)
    : ResourceSpec(Id)
{
    public override string Kind => "IPaddr";
}
