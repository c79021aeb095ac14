using Tandem.Volume;

namespace Tandem.Cluster;

/// <summary>This node's volumes as the cluster needs them: their states (is a group's data ready?), and a forced takeover.</summary>
public interface IVolumeStates
{
    /// <summary>The volume's state, or null when it is not configured on this node.</summary>
    VolumeState? StateOf(string volume);

    /// <summary>The resync progress while the volume is a resync target here, else null.</summary>
    SyncProgress? SyncOf(string volume);

    /// <summary>The next promotion of <paramref name="volume"/> is forced (the operator forced a takeover).</summary>
    void ForceNextPromotion(string volume);
}
