namespace Tandem.Heartbeat;

/// <summary>What the membership state machine needs to know about the cluster.</summary>
/// <param name="PeerLinks">The peer's heartbeat endpoints, one per link, as written in the config (for messages).</param>
public sealed record MembershipSetup(
    string Cluster,
    string Self,
    string Peer,
    IReadOnlyList<string> PeerLinks,
    TimeSpan Warntime,
    TimeSpan Deadtime,
    TimeSpan Initdead);
