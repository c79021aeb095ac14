namespace Tandem.Resources.Groups;

/// <summary>
/// Whether a group's data (the volumes it uses) is ready to run the group on this node or on the peer. A group that
/// uses no volume is always ready.
/// </summary>
public interface IGroupData
{
    /// <summary>Why this node's copy of <paramref name="group"/>'s data is not UpToDate, or null.</summary>
    string? NotReadyHere(string group);

    /// <summary>
    /// Why the peer's copy of <paramref name="group"/>'s data is not ready (a volume not Connected and UpToDate there by
    /// its own report, or not UpToDate as this node sees it), or null.
    /// </summary>
    string? NotReadyOnPeer(string group);
}
