using System.Net;

namespace Tandem.Resources.Agents.IpAddress;

/// <summary>One IPv4 address of an interface, as <c>ip -o -4 addr show</c> prints it.</summary>
public sealed record IpAddrEntry(string Interface, IPAddress Address, int PrefixLength, string? Label)
{
    /// <summary>
    /// Parses lines such as <c>3: eth1    inet 192.168.0.10/24 brd 192.168.0.255 scope global secondary eth1:0\ ...</c>.
    /// Lines that are not IPv4 addresses are skipped.
    /// </summary>
    public static IReadOnlyList<IpAddrEntry> Parse(string output)
    {
        var list = new List<IpAddrEntry>();
        foreach (var line in output.Split('\n'))
        {
            // With -o, the continuation of a record follows a backslash: "... secondary eth1:0\       valid_lft ...".
            var cut = line.IndexOf('\\');
            var f = (cut < 0 ? line : line[..cut]).Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (f.Length < 4 || f[2] != "inet")
                continue;
            var slash = f[3].IndexOf('/');
            if (slash < 0 || Specs.ResourceSpecParser.Ipv4(f[3][..slash]) is not { } address
                || !int.TryParse(f[3][(slash + 1)..], out var bits) || bits is < 0 or > 32)
                continue;
            var nic = f[1].Split('@')[0];
            var last = f[^1];
            var label = last != nic && last.StartsWith(nic + ":", StringComparison.Ordinal) ? last : null;
            list.Add(new IpAddrEntry(nic, address, bits, label));
        }
        return list;
    }

    /// <summary>True when <paramref name="other"/> lies in this address's network.</summary>
    public bool Contains(IPAddress other)
    {
        var mask = PrefixLength == 0 ? 0u : uint.MaxValue << (32 - PrefixLength);
        return (Value(Address) & mask) == (Value(other) & mask);
    }

    static uint Value(IPAddress a)
    {
        var b = a.GetAddressBytes();
        return (uint)(b[0] << 24 | b[1] << 16 | b[2] << 8 | b[3]);
    }
}
