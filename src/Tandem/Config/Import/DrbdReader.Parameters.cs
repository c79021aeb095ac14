using System.Globalization;
using System.Text.RegularExpressions;

namespace Tandem.Config.Import;

/// <summary>device, disk, meta-disk, address and protocol parameters.</summary>
public sealed partial class DrbdReader
{
    static readonly string[] AddressFamilies = ["ipv4", "ipv6", "ssocks", "sdp", "sci"];

    DrbdHost HostParameter(DrbdHost host, DrbdStatement p)
    {
        switch (p.Keyword)
        {
            case "device":
                return Device(p) is { } device ? host with { Device = new Sourced<string>(device, p.At) } : host;
            case "disk":
                if (p.Args.Count != 1)
                    diag.Error(p.At, "disk takes one device: disk /dev/sdXN;");
                else if (p.Args[0].Text == "none")
                    diag.Error(p.At, "disk none (a diskless node) has no Tandem equivalent; every Tandem volume has a disk on both nodes");
                else if (!p.Args[0].Text.StartsWith('/'))
                    diag.Error(p.At, $"disk \"{p.Args[0].Text}\" is not an absolute path");
                else
                    return host with { Disk = new Sourced<string>(p.Args[0].Text, p.At) };
                return host;
            default:
                return MetaDisk(p) is { } meta ? host with { MetaDisk = new Sourced<string>(meta, p.At) } : host;
        }
    }

    /// <summary>/dev/drbdN, /dev/drbdN minor N, or minor N; returned as the device path.</summary>
    string? Device(DrbdStatement p)
    {
        var a = p.Args.Select(t => t.Text).ToArray();
        if (a is ["minor", var m] && IsMinor(m))
            return $"/dev/drbd{m}";
        if (a is [var path] && path.StartsWith('/'))
            return path;
        if (a is [var dev, "minor", var n] && dev.StartsWith('/') && IsMinor(n))
            return dev;
        diag.Error(p.At, "expected device /dev/drbdN; or device minor N;");
        return null;
    }

    static bool IsMinor(string s) => s.Length > 0 && s.All(char.IsAsciiDigit);

    /// <summary>"internal", or the external metadata path (an index [N] is dropped with a warning).</summary>
    string? MetaDisk(DrbdStatement p)
    {
        var text = p.ArgText;
        if (text == "internal" && p.Keyword == "meta-disk")
            return VolumeNodeOptions.InternalMetaDisk;
        var m = Regex.Match(text, @"^(/\S+?)\s*(\[\s*(\d+)\s*\])?$");
        if (!m.Success)
        {
            diag.Error(p.At, $"expected {p.Keyword} internal; or {p.Keyword} /dev/DEVICE [INDEX];");
            return null;
        }
        if (m.Groups[2].Success)
            diag.Warn(p.At, $"meta-disk index [{m.Groups[3].Value}] dropped: Tandem's external metadata uses all of {m.Groups[1].Value}; give each volume its own metadata device or file (create it with tandem volume create-md)");
        return m.Groups[1].Value;
    }

    /// <summary><c>address [FAMILY] IP:PORT</c> (an IPv6 address in brackets); the endpoint as Tandem writes it and its host part.</summary>
    (string Endpoint, string Host)? Address(DrbdStatement p)
    {
        var args = p.Args.Select(t => t.Text).ToList();
        if (args.Count == 2 && AddressFamilies.Contains(args[0]))
        {
            if (args[0] is not ("ipv4" or "ipv6"))
                diag.Warn(p.At, $"address family {args[0]}: Tandem replicates over TCP; imported as a TCP address");
            args.RemoveAt(0);
        }
        if (args.Count != 1)
        {
            diag.Error(p.At, $"expected {p.Keyword} [ipv4|ipv6] IP:PORT");
            return null;
        }
        if (!HostPort.TryParse(args[0], out var host, out _, out var error))
        {
            diag.Error(p.At, $"{p.Keyword}: {error}");
            return null;
        }
        return (args[0], host);
    }

    Sourced<string>? Protocol(DrbdStatement p)
    {
        if (p.Args.Count == 1 && p.Args[0].Text.ToUpperInvariant() is "A" or "B" or "C")
            return new Sourced<string>(p.Args[0].Text.ToUpperInvariant(), p.At);
        diag.Error(p.At, $"protocol \"{p.ArgText}\" is not A, B or C");
        return null;
    }

    /// <summary>Resync rate: bare numbers are KiB/s (drbd.conf), suffixes K, M, G.</summary>
    Sourced<long>? Rate(DrbdStatement p) => Number(p, 1024, "resync rate", "30M");

    /// <summary>Size: bare numbers are 512-byte sectors (DRBD 8.4), suffixes s, K, M, G, T.</summary>
    Sourced<long>? Size(DrbdStatement p)
    {
        if (Number(p, 512, "size", "30G") is not { } size)
            return null;
        if (size.Value % 4096 == 0)
            return size;
        var rounded = size.Value / 4096 * 4096;
        diag.Warn(p.At, $"size {p.ArgText} is not a multiple of 4KiB; imported as {ByteSize.Format(rounded)} (rounded down)");
        return rounded > 0 ? size with { Value = rounded } : null;
    }

    Sourced<long>? Number(DrbdStatement p, long bareUnit, string what, string example)
    {
        var m = p.Args.Count == 1 ? Regex.Match(p.Args[0].Text, @"^(\d{1,15})([sKkMmGgTt]?)$") : Match.Empty;
        if (!m.Success)
        {
            diag.Error(p.At, $"{p.Keyword} \"{p.ArgText}\" is not a {what}; write a number with an optional unit K, M or G, such as {example}");
            return null;
        }
        var unit = m.Groups[2].Value.ToUpperInvariant() switch
        {
            "" => bareUnit,
            "S" => 512,
            "K" => 1L << 10,
            "M" => 1L << 20,
            "G" => 1L << 30,
            _ => 1L << 40,
        };
        var n = long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        if (n == 0 || n > long.MaxValue / unit)
        {
            diag.Error(p.At, $"{p.Keyword} {p.ArgText} is {(n == 0 ? "zero" : "too large")}");
            return null;
        }
        return new Sourced<long>(n * unit, p.At);
    }
}
