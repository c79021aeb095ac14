using Tandem.Replication.Core;
using Tandem.Resources.Groups;

namespace Tandem.Cluster.Protocol;

/// <summary>What one node asks of the other through its heartbeat payload.</summary>
public enum PeerRequestKind : byte
{
    /// <summary>"I released the group: start it" (standby, failover, shutdown).</summary>
    Offer = 1,

    /// <summary>"Stop the group and offer it back" (takeover, failback).</summary>
    Release = 2,

    /// <summary>Maintenance mode on for every group (no group name).</summary>
    MaintenanceOn = 3,

    /// <summary>Maintenance mode off for every group (no group name).</summary>
    MaintenanceOff = 4,

    /// <summary>"I lost the replication link of this volume while Primary: mark your copy Outdated" (fencing; names the
    /// volume and carries the asker's data generation as a token). Payload version 2.</summary>
    Outdate = 5,

    /// <summary>The answer to <see cref="Outdate"/>: the volume, the token asked with and an <see cref="OutdateResult"/>.
    /// Payload version 2.</summary>
    OutdateAnswer = 6,
}

/// <summary>A request with its sequence number: the receiver applies each sequence once per sender incarnation.</summary>
/// <param name="Group">The group of an offer or release, the volume of an outdate request or answer, else empty.</param>
public sealed record PeerRequest(ulong Sequence, PeerRequestKind Kind, string Group)
{
    /// <summary>The asking Primary's data generation (outdate requests and answers), else 0.</summary>
    public ulong Token { get; init; }

    /// <summary>The peer's answer (outdate answers only), else 0.</summary>
    public OutdateResult Result { get; init; }

    public bool NamesGroup => Kind is PeerRequestKind.Offer or PeerRequestKind.Release;

    /// <summary>An outdate request or answer: it names a volume and needs payload version 2.</summary>
    public bool IsFencing => Kind is PeerRequestKind.Outdate or PeerRequestKind.OutdateAnswer;

    public override string ToString() => Kind switch
    {
        PeerRequestKind.Outdate => $"outdate volume {Group}, generation {Token:X16} (#{Sequence})",
        PeerRequestKind.OutdateAnswer => $"outdate answer for volume {Group}, generation {Token:X16}: {Result} (#{Sequence})",
        _ when NamesGroup => $"{Kind.ToString().ToLowerInvariant()} {Group} (#{Sequence})",
        _ => $"{Kind} (#{Sequence})",
    };
}

/// <summary>One group's state on the sending node.</summary>
public readonly record struct GroupReport(string Group, GroupState State);

/// <summary>
/// What a node puts in every heartbeat for the group managers (see <see cref="ClusterPayloadCodec"/> for the bytes).
/// </summary>
/// <param name="Incarnation">The sender's daemon instance (its heartbeat restart generation); grows across restarts.</param>
/// <param name="Sequence">Grows with every change of this payload within one incarnation; a lower one is stale.</param>
/// <param name="AckIncarnation">The receiver's incarnation that <paramref name="AckSequence"/> refers to (0: none).</param>
/// <param name="AckSequence">The highest request sequence of that incarnation the sender has applied.</param>
public sealed record ClusterPayload(
    ulong Incarnation,
    ulong Sequence,
    IReadOnlyList<GroupReport> Groups,
    ulong AckIncarnation,
    ulong AckSequence,
    IReadOnlyList<PeerRequest> Requests)
{
    /// <summary>The sender's volumes that its groups use (payload version 3; none: version 1 or 2).</summary>
    public IReadOnlyList<VolumeReport> Volumes { get; init; } = [];
}
