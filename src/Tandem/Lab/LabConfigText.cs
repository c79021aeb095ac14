using System.Globalization;
using System.Text;
using static Tandem.Lab.LabNetwork;

namespace Tandem.Lab;

/// <summary>Settings a scenario may change in the lab's cluster config.</summary>
public sealed record LabClusterSettings
{
    public TimeSpan Keepalive { get; init; } = TimeSpan.FromMilliseconds(200);
    public TimeSpan Warntime { get; init; } = TimeSpan.FromMilliseconds(500);
    public TimeSpan Deadtime { get; init; } = TimeSpan.FromSeconds(1);
    public TimeSpan Initdead { get; init; } = TimeSpan.FromSeconds(5);
    public bool AutoFailback { get; init; }
    public TimeSpan MonitorInterval { get; init; } = TimeSpan.FromSeconds(1);
    public TimeSpan MonitorTimeout { get; init; } = TimeSpan.FromSeconds(3);
}

/// <summary>
/// The lab's one cluster config (identical on both nodes, CONTRACT.md): two nodes with a heartbeat endpoint on each
/// network, volume r0 with each node's backing file, NBD socket and replication address, and the group
/// VIP → volume → filesystem → MariaDB.
/// </summary>
public static class LabConfigText
{
    public static string Render(LabLayout l, LabClusterSettings s, bool withGroup)
    {
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"""
            # The lab cluster {l.Names.Tag}: written by tandem lab, removed with the lab.
            [cluster]
            name = "{l.Names.Tag}"
            auth_key_file = "{l.AuthKey}"
            keepalive = "{Ms(s.Keepalive)}"
            warntime = "{Ms(s.Warntime)}"
            deadtime = "{Ms(s.Deadtime)}"
            initdead = "{Ms(s.Initdead)}"
            auto_failback = {(s.AutoFailback ? "true" : "false")}
            """);
        foreach (var n in LabNodeId.Both)
            sb.AppendLine(CultureInfo.InvariantCulture, $"""

                [nodes.{n.Name}]
                heartbeat = ["{Lan(n)}:{HeartbeatPort}", "{ReplicationAddress(n)}:{HeartbeatPort}"]
                control_socket = "{l.ControlSocket(n)}"
                """);
        sb.AppendLine(CultureInfo.InvariantCulture, $"""

            [volumes.{LabLayout.Volume}]
            protocol = "C"
            """);
        foreach (var n in LabNodeId.Both)
            sb.AppendLine(CultureInfo.InvariantCulture, $"""

                [volumes.{LabLayout.Volume}.on.{n.Name}]
                disk = "{l.Backing(n)}"
                meta_disk = "internal"
                address = "{ReplicationAddress(n)}:{ReplicationPort}"
                nbd_socket = "{l.NbdSocket(n)}"
                """);
        if (withGroup)
            sb.AppendLine(CultureInfo.InvariantCulture, $"""

                [[groups]]
                name = "{LabLayout.Group}"
                preferred = "{LabNodeId.A.Name}"
                monitor_interval = "{Ms(s.MonitorInterval)}"
                monitor_timeout = "{Ms(s.MonitorTimeout)}"
                resources = [
                  "IPaddr::{Vip}/{Bits}/{LanDevice}",
                  "volume::{LabLayout.Volume}",
                  "Filesystem::{LabLayout.Device}::{l.MountPoint}::ext4",
                  "mysql::{l.Cnf}::start_timeout=60s::monitor_timeout={Ms(s.MonitorTimeout)}",
                ]
                """);
        return sb.ToString();
    }

    static string Ms(TimeSpan t) => $"{(long)t.TotalMilliseconds}ms";
}
