using Tandem.Config;
using Tandem.Daemon;

namespace Tandem.Heartbeat;

/// <summary>The <c>nodes</c> of <c>tandem status</c>: this node (up, no links) and the peer as membership sees it.</summary>
public static class MembershipStatus
{
    public static IReadOnlyList<NodeEntry> Nodes(TandemConfig config, string self, IMembership membership)
    {
        var peer = membership.Snapshot();
        return config.Nodes.Keys.Select(n =>
            n == self ? new NodeEntry(n, Name(NodeState.Up), [])
            : peer is null || peer.Name != n ? new NodeEntry(n, Name(NodeState.Unknown), [])
            : new NodeEntry(n, Name(peer.State), peer.Links.Select(l => new LinkStatus(l.Endpoint, Name(l.State))).ToList(), peer.Dropped))
            .ToList();
    }

    static string Name(NodeState s) => s.ToString().ToLowerInvariant();

    static string Name(LinkState s) => s.ToString().ToLowerInvariant();
}
