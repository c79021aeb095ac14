namespace Tandem.Config.Import;

/// <summary>A value of the output and a short note on where it came from (printed as a trailing comment).</summary>
public sealed record Noted<T>(T Value, string Note);

/// <summary>The Tandem config being assembled from the classic files; printed by <see cref="ImportPrinter"/>.</summary>
public sealed class ImportDraft
{
    public Noted<string> ClusterName { get; set; } = new("tandem", "no cluster name in the classic files; rename freely");
    public Noted<TimeSpan>? Keepalive { get; set; }
    public Noted<TimeSpan>? Warntime { get; set; }
    public Noted<TimeSpan>? Deadtime { get; set; }
    public Noted<TimeSpan>? Initdead { get; set; }
    public Noted<bool>? AutoFailback { get; set; }
    public Noted<string>? HeartbeatMode { get; set; }
    public Noted<string>? MulticastGroup { get; set; }

    /// <summary>Comment lines printed at the top (the key instructions).</summary>
    public List<string> Header { get; } = [];

    /// <summary>Nodes by name (matched case-insensitively, as Heartbeat does).</summary>
    public OrderedDictionary<string, DraftNode> Nodes { get; } = new(StringComparer.OrdinalIgnoreCase);

    public List<DraftVolume> Volumes { get; } = [];

    public List<DraftGroup> Groups { get; } = [];

    /// <summary>[notify] email_to, from MailTo resources.</summary>
    public List<Noted<string>> EmailTo { get; } = [];

    /// <summary>The node names so far, for messages.</summary>
    public string NodeList => string.Join(", ", Nodes.Keys);
}

public sealed class DraftNode
{
    public required string Name { get; init; }
    public required SourceLine At { get; init; }
    public List<Noted<string>> Heartbeat { get; } = [];
}

public sealed class DraftVolume
{
    public required string Name { get; init; }
    public required SourceLine At { get; init; }
    public Noted<string>? Protocol { get; set; }
    public Noted<long>? Size { get; set; }
    public Noted<long>? ResyncRate { get; set; }
    public Noted<string>? OnIoError { get; set; }
    public Noted<string>? AfterSb0Pri { get; set; }
    public Noted<string>? AfterSb1Pri { get; set; }
    public Noted<string>? AfterSb2Pri { get; set; }
    public Noted<string>? Fencing { get; set; }
    public List<DraftVolumeNode> On { get; } = [];
}

public sealed record DraftVolumeNode(string Node, Noted<string> Disk, Noted<string> MetaDisk, Noted<string> Address, string NbdSocket);

public sealed class DraftGroup
{
    public required string Name { get; init; }
    public required Noted<string> Preferred { get; init; }
    public List<Noted<string>> Resources { get; } = [];
}
