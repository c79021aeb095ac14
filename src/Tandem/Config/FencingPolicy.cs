namespace Tandem.Config;

/// <summary>
/// What a Primary does when it loses the replication link to its peer (drbd.conf <c>fencing</c>).
/// </summary>
public enum FencingPolicy
{
    /// <summary>"dont-care": go on writing alone at once. If this node then dies, the peer may be promoted without the
    /// writes acknowledged in the meantime.</summary>
    DontCare,

    /// <summary>"resource-only": new writes wait (I/O suspended) until the peer, asked over heartbeat, has marked its
    /// copy Outdated, or heartbeat declares the peer dead, or the link returns. An Outdated copy is not promoted
    /// without --force.</summary>
    ResourceOnly,
}
