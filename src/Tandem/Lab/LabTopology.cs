using static Tandem.Lab.LabNetwork;

namespace Tandem.Lab;

/// <summary>
/// The lab's network: a namespace per node and one for the client, and a bridge namespace holding the LAN and
/// replication bridges. Each node has eth0 on the LAN and eth1 on the replication network; the client has eth0
/// on the LAN. Removal is <see cref="LabCleanup"/>'s job (deleting the namespaces takes everything with them).
/// </summary>
public sealed class LabTopology(LabNames names)
{
    public void Create(Action<string>? step = null)
    {
        var br = names.BridgeNamespace;
        step?.Invoke("namespaces");
        foreach (var ns in names.AllNamespaces)
        {
            LabShell.Ip("netns", "add", ns);
            LabShell.Ip("-n", ns, "link", "set", "lo", "up");
        }
        step?.Invoke("bridges");
        foreach (var bridge in new[] { LanBridge, ReplicationBridge })
        {
            LabShell.Ip("-n", br, "link", "add", bridge, "type", "bridge");
            LabShell.Ip("-n", br, "link", "set", bridge, "up");
        }
        step?.Invoke("links");
        foreach (var node in LabNodeId.Both)
        {
            var ns = names.NodeNamespace(node);
            Attach(ns, BridgePort(node, replication: false), LanBridge, LanDevice, Lan(node));
            Attach(ns, BridgePort(node, replication: true), ReplicationBridge, ReplicationDevice, ReplicationAddress(node));
        }
        Attach(names.ClientNamespace, ClientBridgePort, LanBridge, LanDevice, Client);
    }

    /// <summary>A veth pair: <paramref name="port"/> on <paramref name="bridge"/>, <paramref name="device"/> with <paramref name="address"/> in <paramref name="ns"/>.</summary>
    void Attach(string ns, string port, string bridge, string device, string address)
    {
        var br = names.BridgeNamespace;
        LabShell.Ip("-n", br, "link", "add", port, "type", "veth", "peer", "name", device, "netns", ns);
        LabShell.Ip("-n", br, "link", "set", port, "master", bridge, "up");
        LabShell.Ip("-n", ns, "addr", "add", $"{address}/{Bits}", "dev", device);
        LabShell.Ip("-n", ns, "link", "set", device, "up");
    }

    /// <summary>Pulls (or plugs back) both cables of a node: its ports on the bridges go down (up).</summary>
    public void SetNodeLinks(LabNodeId node, bool up)
    {
        foreach (var replication in new[] { false, true })
            LabShell.Ip("-n", names.BridgeNamespace, "link", "set", BridgePort(node, replication), up ? "up" : "down");
    }

    /// <summary>
    /// What a node's reboot loses from its network: addresses added at run time (the VIP it held when it died);
    /// the configured addresses stay. Without this the returning node would answer ARP for the VIP on the LAN
    /// before its daemon starts.
    /// </summary>
    public void ForgetRuntimeAddresses(LabNodeId node) =>
        LabShell.Run("ip", ["-n", names.NodeNamespace(node), "addr", "del", $"{Vip}/{Bits}", "dev", LanDevice]); // not there: nothing to do

    /// <summary>Cuts (or restores) the replication network alone: both nodes' ports on its bridge.</summary>
    public void SetReplicationLink(bool up)
    {
        foreach (var node in LabNodeId.Both)
            LabShell.Ip("-n", names.BridgeNamespace, "link", "set", BridgePort(node, replication: true), up ? "up" : "down");
    }

    /// <summary>Whether <paramref name="address"/> answers a ping from <paramref name="ns"/> within <paramref name="limit"/> (a link just plugged back needs a moment).</summary>
    public static bool Reachable(string ns, string address, TimeSpan limit)
    {
        var until = DateTime.UtcNow + limit;
        while (true)
        {
            if (Ping(ns, address))
                return true;
            if (DateTime.UtcNow > until)
                return false;
            Thread.Sleep(200);
        }
    }

    /// <summary>Whether <paramref name="address"/> answers a ping from <paramref name="ns"/>.</summary>
    public static bool Ping(string ns, string address) =>
        LabShell.Run("ip", ["netns", "exec", ns, "ping", "-c", "1", "-W", "1", address], TimeSpan.FromSeconds(10)).Ok;
}
