using Tandem.Config;
using Tandem.Replication.Protocol;

namespace Tandem.Replication.Link;

/// <summary>The settings both nodes of a volume must share; the first difference becomes one log line naming both values.</summary>
internal static class Compatibility
{
    public static string? Compare(Hello ours, Hello peer)
    {
        string node = LinkHandshake.Printable(peer.Node);
        if (peer.Cluster != ours.Cluster)
        {
            return $"node {node} is in cluster \"{LinkHandshake.Printable(peer.Cluster)}\", this node in \"{ours.Cluster}\"; use the same config on both nodes";
        }

        if (peer.Volume != ours.Volume)
        {
            return $"node {node} offers volume \"{LinkHandshake.Printable(peer.Volume)}\" on this address, this node expects \"{ours.Volume}\"; give each volume its own address on both nodes";
        }

        string volume = ours.Volume;
        if (peer.Protocol != ours.Protocol)
        {
            return $"volume {volume}: node {node} uses protocol {peer.Protocol}, this node protocol {ours.Protocol}; set the same protocol on both nodes";
        }

        if (peer.DataSize != ours.DataSize)
        {
            return $"volume {volume}: node {node} has {peer.DataSize} bytes of data, this node {ours.DataSize}; give both nodes the same size (set size explicitly or use equal backing disks)";
        }

        return Setting("after_sb_0pri", ConfigNames.AfterSb0, ours.AfterSb0Pri, peer.AfterSb0Pri, volume, node, "split-brain policies")
            ?? Setting("after_sb_1pri", ConfigNames.AfterSb1, ours.AfterSb1Pri, peer.AfterSb1Pri, volume, node, "split-brain policies")
            ?? Setting("after_sb_2pri", ConfigNames.AfterSb2, ours.AfterSb2Pri, peer.AfterSb2Pri, volume, node, "split-brain policies")
            ?? Setting("fencing", ConfigNames.Fencings, ours.Fencing, peer.Fencing, volume, node, "fencing");
    }

    private static string? Setting<T>(string key, IReadOnlyList<(string Name, T Value)> names, T ours, T peer, string volume, string node, string what)
        where T : struct, Enum =>
        EqualityComparer<T>.Default.Equals(ours, peer)
            ? null
            : $"volume {volume}: node {node} has {key} = \"{ConfigNames.Of(names, peer)}\", this node \"{ConfigNames.Of(names, ours)}\"; set the same {what} on both nodes";
}
