using System.Globalization;

namespace Tandem.Config.Import;

/// <summary>
/// Reads Heartbeat's ha.cf: one directive per line, values separated by blanks, <c>#</c> starts a comment
/// anywhere. Timing values are seconds unless they end in <c>ms</c> (or <c>s</c>, <c>us</c>), as in Heartbeat.
/// </summary>
public static partial class HaCfReader
{
    public const int DefaultUdpPort = 694;

    public static HaCf Read(ImportFile file, ImportDiagnostics diag)
    {
        var cf = new HaCf { File = file.Path };
        var lines = file.Lines();
        var mediaBeforePort = default(SourceLine?);
        for (var i = 0; i < lines.Length; i++)
        {
            var text = lines[i];
            var hash = text.IndexOf('#');
            if (hash >= 0)
                text = text[..hash];
            var words = text.Split((char[])[' ', '\t', '\r'], StringSplitOptions.RemoveEmptyEntries);
            if (words.Length == 0)
                continue;
            var at = file.At(i + 1);
            var directive = words[0];
            var args = words[1..];
            switch (directive)
            {
                case "keepalive" or "deadtime" or "warntime" or "initdead":
                    if (Single(args, directive, at, diag) is { } t && Time(t, directive, at, diag) is { } value)
                        SetTimer(cf, directive, new Sourced<TimeSpan>(value, at));
                    break;
                case "node":
                    if (args.Length == 0)
                        diag.Error(at, "node needs a name: node NAME (as uname -n prints it)");
                    foreach (var name in args)
                        cf.Nodes.Add(new Sourced<string>(name, at));
                    break;
                case "udpport":
                    if (Single(args, directive, at, diag) is { } p)
                    {
                        if (!int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
                            diag.Error(at, $"udpport \"{p}\" is not a port number from 1 to 65535");
                        else
                        {
                            if (mediaBeforePort is { } m)
                                diag.Warn(at, $"udpport comes after the media line at {m}; Heartbeat used it only for the lines below it, and so does the import");
                            cf.UdpPort = port;
                        }
                    }
                    break;
                case "ucast":
                    if (args.Length != 2)
                        diag.Error(at, "ucast takes an interface and the peer's address: ucast eth1 192.168.0.20");
                    else
                    {
                        cf.Ucast.Add(new UcastLine(args[0], args[1], cf.UdpPort, at));
                        mediaBeforePort ??= at;
                    }
                    break;
                case "bcast" or "udp":
                    if (args.Length == 0)
                        diag.Error(at, "bcast needs an interface: bcast eth1");
                    foreach (var iface in args)
                        cf.Media.Add(new MediaLine("bcast", iface, null, cf.UdpPort, 1, at));
                    mediaBeforePort ??= at;
                    break;
                case "mcast" or "mcast6":
                    Mcast(cf, directive, args, at, diag);
                    mediaBeforePort ??= at;
                    break;
                case "auto_failback":
                    if (Single(args, directive, at, diag) is { } af)
                        AutoFailback(cf, af, at, diag);
                    break;
                case "nice_failback":
                    if (Single(args, directive, at, diag) is { } nf && Bool(nf) is { } nice)
                    {
                        cf.AutoFailback = new Sourced<bool>(!nice, at);
                        diag.Warn(at, $"nice_failback is obsolete; imported as auto_failback = {(!nice ? "true" : "false")}");
                    }
                    else if (args.Length == 1)
                        diag.Error(at, $"nice_failback \"{args[0]}\" is not on or off");
                    break;
                case "cluster":
                    if (Single(args, directive, at, diag) is { } c)
                        cf.ClusterName = new Sourced<string>(c, at);
                    break;
                default:
                    diag.Warn(at, NotCarried.TryGetValue(directive, out var why)
                        ? $"{directive}: not imported; {why}"
                        : $"unknown ha.cf directive \"{directive}\" (Heartbeat refuses it too); not imported");
                    break;
            }
        }
        return cf;
    }

    /// <summary>Whether <paramref name="word"/> is a directive of ha.cf (used to recognise a file by its content).</summary>
    public static bool IsKnownDirective(string word) =>
        word is "keepalive" or "deadtime" or "warntime" or "initdead" or "node" or "udpport" or "ucast" or "bcast" or "mcast"
            or "auto_failback" or "nice_failback" or "cluster"
        || NotCarried.ContainsKey(word);

    static void SetTimer(HaCf cf, string name, Sourced<TimeSpan> value)
    {
        switch (name)
        {
            case "keepalive": cf.Keepalive = value; break;
            case "deadtime": cf.Deadtime = value; break;
            case "warntime": cf.Warntime = value; break;
            default: cf.Initdead = value; break;
        }
    }

    /// <summary><c>mcast IFACE GROUP PORT TTL LOOP</c>.</summary>
    static void Mcast(HaCf cf, string directive, string[] args, SourceLine at, ImportDiagnostics diag)
    {
        if (args.Length != 5 || !System.Net.IPAddress.TryParse(args[1], out _)
            || !int.TryParse(args[2], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535
            || !int.TryParse(args[3], NumberStyles.None, CultureInfo.InvariantCulture, out var ttl) || ttl is < 1 or > 255)
        {
            diag.Error(at, $"expected {directive} INTERFACE GROUP PORT TTL LOOP, such as {directive} eth1 225.0.0.1 694 1 0");
            return;
        }
        cf.Media.Add(new MediaLine(directive, args[0], args[1], port, ttl, at));
    }

    static void AutoFailback(HaCf cf, string value, SourceLine at, ImportDiagnostics diag)
    {
        if (Bool(value) is { } b)
            cf.AutoFailback = new Sourced<bool>(b, at);
        else if (value.Equals("legacy", StringComparison.OrdinalIgnoreCase))
        {
            cf.AutoFailback = new Sourced<bool>(true, at);
            diag.Warn(at, "auto_failback legacy: groups went back to the node named first in haresources; imported as auto_failback = true");
        }
        else
            diag.Error(at, $"auto_failback \"{value}\" is not on, off or legacy");
    }

    /// <summary>Heartbeat's booleans (cl_str_to_boolean).</summary>
    internal static bool? Bool(string value) => value.ToLowerInvariant() switch
    {
        "on" or "yes" or "y" or "true" or "1" => true,
        "off" or "no" or "n" or "false" or "0" => false,
        _ => null,
    };

    static string? Single(string[] args, string directive, SourceLine at, ImportDiagnostics diag)
    {
        if (args.Length == 1)
            return args[0];
        diag.Error(at, args.Length == 0 ? $"{directive} needs a value" : $"{directive} takes one value, found {args.Length}: {string.Join(' ', args)}");
        return null;
    }
}
