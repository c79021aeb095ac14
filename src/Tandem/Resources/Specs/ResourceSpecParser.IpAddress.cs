using System.Globalization;
using System.Net;

namespace Tandem.Resources.Specs;

/// <summary><c>IPaddr::ip[/bits[/nic[/broadcast]]]</c>, IPv4 only (as Heartbeat's IPaddr).</summary>
public static partial class ResourceSpecParser
{
    const string IpExample = "IPaddr::192.168.0.88/24/eth1";

    static IpAddressSpec IpAddress(string id, string arg)
    {
        var f = arg.Split('/');
        if (f.Length > 4)
            throw Bad($"\"{arg}\" has too many parts; write ip/bits/nic, such as {IpExample}");
        if (f[0].Contains(':'))
            throw Bad($"\"{f[0]}\": IPaddr takes IPv4 addresses only; for IPv6 use ocf:heartbeat:IPv6addr::ipv6addr=...");
        var address = Ipv4(f[0]) ?? throw Bad($"\"{f[0]}\" is not an IPv4 address; write four numbers 0-255 without leading zeros, such as {IpExample}");
        var first = address.GetAddressBytes()[0];
        if (first == 0 || first >= 224)
            throw Bad($"{f[0]} cannot be a service address (it is {(first == 0 ? "in 0.0.0.0/8" : first < 240 ? "a multicast address" : "reserved or broadcast")}); use a unicast address of the service network");
        int? bits = f.Length > 1 && f[1].Length > 0 ? Prefix(f[1]) : null;
        if (bits is < 31 && (Host(address, bits.Value) == 0 || Host(address, bits.Value) == HostMask(bits.Value)))
            throw Bad($"{f[0]} is the {(Host(address, bits.Value) == 0 ? "network" : "broadcast")} address of {Network(address, bits.Value)}/{bits}; choose another address or prefix length");
        string? nic = null, label = null;
        if (f.Length > 2 && f[2].Length > 0)
        {
            var colon = f[2].IndexOf(':');
            nic = InterfaceName(colon < 0 ? f[2] : f[2][..colon]);
            if (colon >= 0)
                label = f[2].Length <= 15 && colon < f[2].Length - 1 && !f[2][(colon + 1)..].Contains(':') ? f[2]
                    : throw Bad($"\"{f[2]}\" is not an interface label; write NIC:N such as eth1:0 (at most 15 characters)");
        }
        IPAddress? broadcast = null;
        if (f.Length > 3 && f[3].Length > 0)
            broadcast = Ipv4(f[3]) ?? throw Bad($"broadcast \"{f[3]}\" is not an IPv4 address; leave it out to let the kernel compute it");
        return new IpAddressSpec(id, address, bits, nic, label, broadcast);
    }

    /// <summary>Strict dotted quad: exactly four decimal numbers 0-255, no leading zeros (inet_aton would read them as octal).</summary>
    internal static IPAddress? Ipv4(string s)
    {
        var octets = s.Split('.');
        if (octets.Length != 4)
            return null;
        var bytes = new byte[4];
        for (var i = 0; i < 4; i++)
        {
            var o = octets[i];
            if (o.Length is 0 or > 3 || !o.All(char.IsAsciiDigit) || (o.Length > 1 && o[0] == '0')
                || !byte.TryParse(o, NumberStyles.None, CultureInfo.InvariantCulture, out bytes[i]))
                return null;
        }
        return new IPAddress(bytes);
    }

    /// <summary>A prefix length 1-32, or a contiguous dotted netmask such as 255.255.255.0.</summary>
    static int Prefix(string s)
    {
        if (s.Contains('.'))
        {
            var mask = Ipv4(s) is { } m ? Value(m) : throw Bad($"netmask \"{s}\" is not an IPv4 netmask; write a prefix length such as 24");
            var bits = System.Numerics.BitOperations.PopCount(mask);
            if (bits == 0 || mask != ~HostMask(bits))
                throw Bad($"netmask \"{s}\" is not contiguous; write a prefix length such as 24");
            return bits;
        }
        return s.Length <= 2 && s.All(char.IsAsciiDigit) && int.Parse(s, CultureInfo.InvariantCulture) is >= 1 and <= 32 and var n ? n
            : throw Bad($"prefix length \"{s}\" must be a number from 1 to 32, such as {IpExample}");
    }

    static string InterfaceName(string nic) =>
        nic.Length is > 0 and <= 15 && nic is not ("." or "..") && nic.All(c => c > ' ' && c is not '/' and not ':' and < (char)127)
            ? nic : throw Bad($"\"{nic}\" is not a network interface name; use 1 to 15 characters without '/' or spaces, such as eth1");

    static uint Value(IPAddress a)
    {
        var b = a.GetAddressBytes();
        return (uint)(b[0] << 24 | b[1] << 16 | b[2] << 8 | b[3]);
    }

    /// <summary>The host part mask of a /bits network.</summary>
    static uint HostMask(int bits) => bits >= 32 ? 0u : uint.MaxValue >> bits;

    static uint Host(IPAddress a, int bits) => Value(a) & HostMask(bits);

    static string Network(IPAddress a, int bits)
    {
        var v = Value(a) & ~HostMask(bits);
        return $"{v >> 24}.{(v >> 16) & 255}.{(v >> 8) & 255}.{v & 255}";
    }
}
