namespace Tandem.Config.Import;

/// <summary>A value read from a classic file, and where.</summary>
public sealed record Sourced<T>(T Value, SourceLine At);

/// <summary>
/// A <c>ucast IFACE ADDRESS</c> line: Heartbeat on the node owning this ha.cf sends to ADDRESS, which is the
/// address of the other node on the link reached through IFACE (a node ignores ucast lines naming itself, so one
/// ha.cf may list both addresses). <see cref="Port"/> is the udpport in effect at that line.
/// </summary>
public sealed record UcastLine(string Interface, string Address, int Port, SourceLine At);

/// <summary>A <c>bcast IFACE</c> or <c>mcast IFACE GROUP PORT TTL LOOP</c> line (Group null for bcast).</summary>
public sealed record MediaLine(string Kind, string Interface, string? Group, int Port, int Ttl, SourceLine At);

/// <summary>What Tandem uses from one ha.cf.</summary>
public sealed class HaCf
{
    public required string File { get; init; }

    public List<Sourced<string>> Nodes { get; } = [];

    public Sourced<TimeSpan>? Keepalive { get; set; }

    public Sourced<TimeSpan>? Deadtime { get; set; }

    public Sourced<TimeSpan>? Warntime { get; set; }

    public Sourced<TimeSpan>? Initdead { get; set; }

    /// <summary>auto_failback (legacy counts as on: the preferred node takes its groups back).</summary>
    public Sourced<bool>? AutoFailback { get; set; }

    public Sourced<string>? ClusterName { get; set; }

    public List<UcastLine> Ucast { get; } = [];

    /// <summary>Broadcast and multicast lines.</summary>
    public List<MediaLine> Media { get; } = [];

    /// <summary>The last udpport, or Heartbeat's 694.</summary>
    public int UdpPort { get; set; } = HaCfReader.DefaultUdpPort;
}
