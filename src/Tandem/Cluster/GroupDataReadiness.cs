using Tandem.Cluster.Protocol;
using Tandem.Config;
using Tandem.Resources.Groups;
using Tandem.Resources.Specs;
using Tandem.Volume;

namespace Tandem.Cluster;

/// <summary>
/// Whether a group's volumes are ready on this node and on the peer: this node's volumes as its volume runtime has
/// them, the peer's as its heartbeat payload reports them. Also makes this node's reports for its own payload.
/// </summary>
public sealed class GroupDataReadiness(
    IReadOnlyDictionary<string, IReadOnlyList<string>> groupVolumes,
    string peer,
    Func<string, VolumeState?> local,
    Func<string, SyncProgress?> localSync,
    Func<IReadOnlyDictionary<string, VolumeReport>> peerVolumes) : IGroupData
{
    /// <summary>Each group's volumes (its <c>volume::RES</c> resources), in start order.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> VolumesOf(TandemConfig config) =>
        config.Groups.ToDictionary(g => g.Name, g => (IReadOnlyList<string>)
            [.. g.Resources.Select(r => ResourceSpecParser.Parse(r)).OfType<VolumeSpec>().Select(v => v.Volume).Distinct(StringComparer.Ordinal)]);

    /// <summary>Every volume some group uses, as this node has it (volumes not configured here are left out).</summary>
    public IReadOnlyList<VolumeReport> LocalReports() =>
        [.. groupVolumes.Values.SelectMany(v => v).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Select(v => local(v) is { } s ? Report(v, s, localSync(v)) : (VolumeReport?)null).OfType<VolumeReport>()];

    public static VolumeReport Report(string volume, VolumeState s, SyncProgress? sync) =>
        new(volume, s.Up ? s.Disk : DiskState.Diskless, s.Up ? s.Connection : ConnectionState.StandAlone,
            sync is { } p && s.Connection == ConnectionState.SyncTarget ? (ushort)Math.Clamp(Math.Round(p.DonePercent * 10), 0, 1000) : VolumeReport.NoSync);

    public string? NotReadyHere(string group) =>
        Join(VolumesOfGroup(group).Select(v => local(v) switch
        {
            null => null, // not on this node: the volume agent says so when it starts
            { Up: false } => $"{v} is down",
            { Disk: DiskState.UpToDate } => null,
            var s => Report(v, s, localSync(v)).ToString(),
        }));

    public string? NotReadyOnPeer(string group)
    {
        var reports = peerVolumes();
        return Join(VolumesOfGroup(group).Select(v =>
            !reports.TryGetValue(v, out var r) ? $"{peer} reports no state for {v}"
            : !r.Ready ? $"{peer}: {r}"
            : local(v) is { Up: true, PeerDisk: not DiskState.UpToDate } s ? $"{v} on {peer} is {s.PeerDisk} as this node sees it"
            : null));
    }

    IReadOnlyList<string> VolumesOfGroup(string group) => groupVolumes.GetValueOrDefault(group) ?? [];

    static string? Join(IEnumerable<string?> reasons)
    {
        var all = reasons.OfType<string>().ToList();
        return all.Count == 0 ? null : string.Join("; ", all);
    }
}
