namespace Tandem.Lab;

/// <summary>
/// The lab's address plan. Two networks, each a bridge in the lab's bridge namespace: the LAN (client, nodes,
/// VIP, heartbeat link 0) and a replication network (replication and heartbeat link 1), like a classic pair with
/// a crossover cable for DRBD. The addresses exist only inside the lab's namespaces; the host never routes there,
/// so every lab can use the same plan.
/// </summary>
public static class LabNetwork
{
    public const string LanPrefix = "10.231.0";
    public const string ReplicationPrefix = "10.231.1";
    public const int Bits = 24;
    public const string LanDevice = "eth0";
    public const string ReplicationDevice = "eth1";
    public const string LanBridge = "br-lan";
    public const string ReplicationBridge = "br-repl";
    public const int HeartbeatPort = 694;
    public const int ReplicationPort = 7788;
    public const int MySqlPort = 3306;

    public static string Vip => $"{LanPrefix}.88";
    public static string Client => $"{LanPrefix}.100";
    public static string Lan(LabNodeId node) => $"{LanPrefix}.{11 + node.Index}";
    public static string ReplicationAddress(LabNodeId node) => $"{ReplicationPrefix}.{11 + node.Index}";

    /// <summary>Bridge-side end of a node's veth on a network (in the bridge namespace).</summary>
    public static string BridgePort(LabNodeId node, bool replication) => $"v{node.Letter}-{(replication ? "repl" : "lan")}";

    public const string ClientBridgePort = "vc-lan";
}
