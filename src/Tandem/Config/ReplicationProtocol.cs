namespace Tandem.Config;

/// <summary>When a write counts as complete (DRBD's protocols; config values "A", "B", "C").</summary>
public enum ReplicationProtocol
{
    /// <summary>Written locally and handed to the network.</summary>
    A,
    /// <summary>Written locally and received by the peer.</summary>
    B,
    /// <summary>Written locally and on the peer's disk.</summary>
    C,
}
